package dev.floxj.target.registry;

import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageIndex;
import dev.floxj.image.model.ImageManifest;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.registry.BlobContent;
import dev.floxj.registry.BlobPusher;
import dev.floxj.registry.BlobSightings;
import dev.floxj.registry.Credentials;
import dev.floxj.registry.PushedBlob;
import dev.floxj.registry.RegistryClient;
import dev.floxj.registry.RegistryReference;
import dev.floxj.target.IndexDestination;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A push to a registry ({@code --to docker://REGISTRY/REPO[:TAG]}), with no daemon: layers first,
 * a few at a time (skipped when the registry has them, mounted from another repository of the
 * same registry when floxj saw them there, else streamed into the upload while they are made),
 * then the config, then the manifest once per tag. Manifests come last, so an interrupted push
 * leaves no tag pointing at missing blobs. Several platforms push each image and its manifest by
 * digest, then the index per tag.
 */
public final class RegistryDestination implements IndexDestination {
  private final RegistryReference repository;
  private final List<String> tags;
  private final Settings settings;
  private final Map<PushedBlob.How, Integer> counts = new EnumMap<>(PushedBlob.How.class);

  /**
   * How to push.
   *
   * @param credentials where the user's logins are
   * @param verifyTls false for --tls-verify=false (any certificate, plain HTTP allowed)
   * @param cacheDirectory floxj's cache directory (layer digests, blob sightings), or null
   * @param compression how layers are stored
   * @param format the manifest's media-type family
   */
  public record Settings(Credentials credentials, boolean verifyTls, Path cacheDirectory, Compression compression, ManifestFormat format) {}

  /**
   * @param repository the registry and repository (its tag, if any, is ignored: see {@code tags})
   * @param tags the tags to put, at least one
   */
  public RegistryDestination(RegistryReference repository, List<String> tags, Settings settings) {
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("a push needs a tag");
    }
    if (settings.compression() == Compression.ZSTD && settings.format() != ManifestFormat.OCI) {
      throw new IllegalArgumentException("zstd layers need OCI media types");
    }
    this.repository = repository;
    this.tags = List.copyOf(tags);
    this.settings = settings;
  }

  @Override
  public WrittenImage write(Image image, WriteProgress progress) throws IOException {
    counts.clear();
    String repo = repository.repository();
    try (Push push = open()) {
      Pushed pushed = push.image(image, progress);
      List<String> references = new ArrayList<>();
      for (String tag : tags) {
        push.client.putManifest(repo, tag, settings.format().manifestType(), pushed.manifest());
        references.add(repository.withTag(tag).toString());
      }
      push.sightings.save();
      progress.done();
      return pushed.written(destinationName(), references);
    }
  }

  /**
   * Several platforms: each image's blobs and then its manifest, put by digest (no tag points at
   * it yet), then the index naming them with their platforms, once per tag. A layer two
   * platforms share is uploaded once: the second finds its digest in the layer-digest cache and
   * the registry answers its HEAD with 200.
   */
  @Override
  public WrittenIndex writeIndex(List<Image> images, WriteProgress progress) throws IOException {
    counts.clear();
    String repo = repository.repository();
    try (Push push = open()) {
      List<Pushed> children = new ArrayList<>();
      List<Descriptor> manifests = new ArrayList<>();
      int number = 0;
      for (Image image : images) {
        progress.platform(image.config().platform(), ++number, images.size());
        Pushed pushed = push.image(image, progress);
        push.client.putManifest(
            repo, pushed.descriptor().digest().toString(), settings.format().manifestType(), pushed.manifest());
        children.add(pushed);
        manifests.add(pushed.descriptor());
      }
      byte[] index = new ImageIndex(settings.format(), manifests, Map.of()).toJson();
      Descriptor indexDescriptor = Descriptor.ofContent(settings.format().indexType(), index);
      List<String> references = new ArrayList<>();
      for (String tag : tags) {
        push.client.putManifest(repo, tag, settings.format().indexType(), index);
        references.add(repository.withTag(tag).toString());
      }
      push.sightings.save();
      progress.done();
      List<WrittenImage> written = new ArrayList<>();
      for (Pushed child : children) {
        written.add(child.written(destinationName(), references));
      }
      return new WrittenIndex(destinationName(), indexDescriptor, written, references);
    }
  }

  private String destinationName() {
    return "docker://" + repository.repositoryName();
  }

  /** One image's pushed manifest: its bytes, its descriptor (with the platform) and layers. */
  private record Pushed(byte[] manifest, Descriptor descriptor, Digest config, List<WrittenLayer> layers) {
    WrittenImage written(String destination, List<String> references) {
      return new WrittenImage(destination, config, descriptor, layers, references);
    }
  }

  private Push open() throws IOException {
    String repo = repository.repository();
    BlobSightings sightings =
        settings.cacheDirectory() == null
            ? BlobSightings.inMemory()
            : BlobSightings.load(settings.cacheDirectory().resolve("registry-blobs.json"));
    RegistryClient client =
        RegistryClient.open(repository.registry(), repo, settings.credentials(), settings.verifyTls());
    try {
      client.ping(repo);
    } catch (IOException | RuntimeException e) {
      client.close();
      throw e;
    }
    return new Push(client, sightings);
  }

  /** One connection's push: the client and where blobs were seen. */
  private final class Push implements AutoCloseable {
    final RegistryClient client;
    final BlobSightings sightings;
    /** Layers pushed by this push so far, by identity: an index's images share layers. */
    final java.util.Map<String, LayerBlob.Known> pushedBefore = new java.util.HashMap<>();

    Push(RegistryClient client, BlobSightings sightings) {
      this.client = client;
      this.sightings = sightings;
    }

    /** Pushes the image's layers and config; returns its manifest, not yet put. */
    Pushed image(Image image, WriteProgress progress) throws IOException {
      String repo = repository.repository();
      List<LayerBlob> blobs = new ArrayList<>();
      for (Layer layer : image.layers()) {
        blobs.add(LayerBlob.of(layer, settings.compression(), pushedBefore));
      }
      List<BlobContent> contents = new ArrayList<>(blobs);
      BlobPusher pusher =
          new BlobPusher(
              client,
              sightings,
              new BlobPusher.Listener() {
                @Override
                public void started(int index) {
                  synchronized (progress) {
                    progress.layer(index + 1, image.layers().get(index));
                  }
                }
              });
      List<PushedBlob> pushed;
      try {
        pushed = pusher.pushAll(repo, contents);
      } finally {
        sightings.save();
      }

      List<WrittenLayer> written = new ArrayList<>();
      List<Digest> diffIds = new ArrayList<>();
      List<String> comments = new ArrayList<>();
      String layerType = settings.format().layerType(settings.compression());
      for (int i = 0; i < blobs.size(); i++) {
        LayerBlob blob = blobs.get(i);
        PushedBlob result = pushed.get(i);
        counts.merge(result.how(), 1, Integer::sum);
        Digest diffId = blob.diffId(result.digest());
        long size = result.size() >= 0 ? result.size() : blob.known().orElseThrow().size();
        progress.layerWritten(i + 1, diffId, size);
        diffIds.add(diffId);
        comments.add(blob.layer().comment());
        written.add(new WrittenLayer(diffId, Descriptor.of(layerType, result.digest(), size)));
        LayerBlob.Known pushedNow = new LayerBlob.Known(diffId, result.digest(), size);
        blob.layer().content().identity().ifPresent(identity -> pushedBefore.put(identity, pushedNow));
      }

      progress.manifests();
      byte[] config = image.config().toJson(diffIds, comments);
      PushedBlob configBlob = pusher.push(repo, BlobContent.of(config));
      Descriptor configDescriptor = Descriptor.of(settings.format().configType(), configBlob.digest(), config.length);
      List<Descriptor> layerDescriptors = written.stream().map(WrittenLayer::blob).toList();
      byte[] manifest = new ImageManifest(settings.format(), configDescriptor, layerDescriptors, Map.of()).toJson();
      Descriptor manifestDescriptor =
          Descriptor.ofContent(settings.format().manifestType(), manifest)
              .withPlatform(image.config().platform());
      return new Pushed(manifest, manifestDescriptor, configDescriptor.digest(), written);
    }

    @Override
    public void close() {
      client.close();
    }
  }

  /**
   * {@code registry HOST}, and after a push what it did with the layers, e.g. {@code (2 layers
   * uploaded, 3 already there)}.
   */
  @Override
  public String description() {
    StringBuilder text = new StringBuilder("registry ").append(repository.registry());
    if (!counts.isEmpty()) {
      java.util.StringJoiner done = new java.util.StringJoiner(", ", " (", ")");
      int uploaded = counts.getOrDefault(PushedBlob.How.UPLOADED, 0);
      int mounted = counts.getOrDefault(PushedBlob.How.MOUNTED, 0);
      int present = counts.getOrDefault(PushedBlob.How.PRESENT, 0);
      if (uploaded > 0) {
        done.add(uploaded + (uploaded == 1 ? " layer" : " layers") + " uploaded");
      }
      if (mounted > 0) {
        done.add(mounted + (mounted == 1 ? " layer" : " layers") + " mounted");
      }
      if (present > 0) {
        done.add(present + (present == 1 ? " layer" : " layers") + " already there");
      }
      text.append(done);
    }
    return text.toString();
  }
}
