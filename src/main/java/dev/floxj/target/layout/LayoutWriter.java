package dev.floxj.target.layout;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageIndex;
import dev.floxj.image.model.ImageManifest;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.RememberedDigests;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.target.LayerBlobWriter;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WriteFailure;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes an image into an OCI layout: each layer streamed into a temporary blob file while it is
 * hashed and renamed to its digest, then the config, the manifest, and last {@code index.json},
 * where each reference becomes an entry (a tag already there moves; other entries stay).
 */
final class LayoutWriter {
  /** The tag, as skopeo's and umoci's {@code oci:DIR:TAG} look it up. */
  static final String REF_NAME = "org.opencontainers.image.ref.name";
  /** The full name, as containerd and Docker's containerd store import it. */
  static final String CONTAINERD_NAME = "io.containerd.image.name";

  private LayoutWriter() {}

  /** What was written: the blobs in the order an archive of the layout lists them. */
  record Result(WrittenImage image, List<Digest> blobs) {}

  static Result write(
      Image image,
      OciLayoutDirectory layout,
      List<ImageReference> references,
      Compression compression,
      WriteProgress progress,
      String destination,
      String usage)
      throws IOException {
    return guarded(
        layout, usage, () -> writePrepared(image, layout, references, compression, progress, destination));
  }

  /** The writing of a layout's blobs and entries, which {@link #guarded} runs. */
  @FunctionalInterface
  private interface Writing<T> {
    T run() throws IOException;
  }

  /**
   * Prepares {@code layout}, runs {@code writing}, and on any failure abandons what it wrote, so
   * that {@code index.json} stays as it was; an I/O failure becomes one sentence.
   */
  private static <T> T guarded(OciLayoutDirectory layout, String usage, Writing<T> writing)
      throws IOException {
    layout.prepare(usage);
    try {
      return writing.run();
    } catch (IOException e) {
      layout.abandon();
      throw new FloxjException(
          "Writing the OCI layout " + layout.root() + " failed (" + e.getMessage() + "); its"
              + " index.json was left as it was: "
              + WriteFailure.remedy(e, "choose another directory") + ".", e);
    } catch (RuntimeException | Error e) {
      layout.abandon();
      throw e;
    }
  }

  /**
   * Writes several images, one per platform, and an image index naming them with their
   * platforms; {@code index.json}'s entries for the references point at that index. A blob two
   * platforms share (the same digest) is stored once.
   */
  static IndexResult writeIndex(
      List<Image> images,
      OciLayoutDirectory layout,
      List<ImageReference> references,
      Compression compression,
      WriteProgress progress,
      String destination,
      String usage)
      throws IOException {
    return guarded(layout, usage, () -> {
      List<Digest> blobs = new ArrayList<>();
      List<WrittenImage> children = new ArrayList<>();
      List<Descriptor> manifests = new ArrayList<>();
      int number = 0;
      for (Image image : images) {
        progress.platform(image.config().platform(), ++number, images.size());
        WrittenImage child = writeChild(image, layout, compression, progress, destination, references, blobs);
        children.add(child);
        manifests.add(child.manifest());
      }
      byte[] index = new ImageIndex(ManifestFormat.OCI, manifests, Map.of()).toJson();
      Descriptor indexDescriptor = Descriptor.ofContent(ManifestFormat.OCI.indexType(), index);
      layout.writeBlob(indexDescriptor.digest(), index);
      blobs.add(indexDescriptor.digest());
      writeEntries(layout, references, indexDescriptor);
      progress.done();
      WrittenIndex written =
          new WrittenIndex(
              destination,
              indexDescriptor,
              children,
              references.stream().map(ImageReference::toString).toList());
      return new IndexResult(written, blobs);
    });
  }

  /** What a multi-platform write wrote: the blobs in the order an archive lists them. */
  record IndexResult(WrittenIndex index, List<Digest> blobs) {}

  private static Result writePrepared(
      Image image,
      OciLayoutDirectory layout,
      List<ImageReference> references,
      Compression compression,
      WriteProgress progress,
      String destination)
      throws IOException {
    List<Digest> blobs = new ArrayList<>();
    WrittenImage written = writeChild(image, layout, compression, progress, destination, references, blobs);
    writeEntries(layout, references, written.manifest());
    progress.done();
    return new Result(written, blobs);
  }

  /**
   * Writes one image's layers, config and manifest as blobs (adding their digests to {@code
   * blobs}) and returns it with the manifest's descriptor, which carries the image's platform.
   */
  private static WrittenImage writeChild(
      Image image,
      OciLayoutDirectory layout,
      Compression compression,
      WriteProgress progress,
      String destination,
      List<ImageReference> references,
      List<Digest> blobs)
      throws IOException {
    // A layer an earlier run stored as a blob the layout still holds is not read at all.
    int count = image.layers().size();
    WrittenLayer[] held = new WrittenLayer[count];
    List<Layer> toWrite = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Layer layer = image.layers().get(i);
      Optional<RememberedDigests.Stored> remembered = layer.remembered(compression);
      if (remembered.isPresent() && layout.holds(remembered.get().digest(), remembered.get().size())) {
        held[i] =
            new WrittenLayer(
                layer.remembered().diffId(),
                Descriptor.of(ManifestFormat.OCI.layerType(compression), remembered.get().digest(), remembered.get().size()));
      } else {
        toWrite.add(layer);
      }
    }
    List<WrittenLayer> written = new ArrayList<>();
    try (LayerBlobWriter layers = new LayerBlobWriter(toWrite)) {
      int number = 0;
      for (Layer layer : image.layers()) {
        number++;
        progress.layer(number, layer);
        if (held[number - 1] != null) {
          written.add(held[number - 1]);
          blobs.add(held[number - 1].blob().digest());
          continue;
        }
        Path temporary = layout.temporaryBlob();
        try {
          WrittenLayer stored;
          try (FileOutputStream out = new FileOutputStream(temporary.toFile())) {
            stored = layers.writeNext(out, compression, ManifestFormat.OCI);
            out.getChannel().force(false);
          }
          layout.commitBlob(temporary, stored.blob().digest());
          written.add(stored);
          blobs.add(stored.blob().digest());
        } finally {
          Files.deleteIfExists(temporary);
        }
      }
    }
    Metadata metadata = metadata(image, written, progress);
    layout.writeBlob(metadata.configDescriptor().digest(), metadata.config());
    blobs.add(metadata.configDescriptor().digest());
    layout.writeBlob(metadata.manifestDescriptor().digest(), metadata.manifest());
    blobs.add(metadata.manifestDescriptor().digest());
    return metadata.written(written, references, destination);
  }

  /** What follows one image's layers: its config and its manifest (with the platform). */
  record Metadata(byte[] config, Descriptor configDescriptor, byte[] manifest, Descriptor manifestDescriptor) {
    WrittenImage written(List<WrittenLayer> layers, List<ImageReference> references, String destination) {
      return new WrittenImage(
          destination, configDescriptor.digest(), manifestDescriptor, layers, references.stream().map(ImageReference::toString).toList());
    }
  }

  /** The config and manifest of an image whose layers were stored as {@code written}. */
  static Metadata metadata(Image image, List<WrittenLayer> written, WriteProgress progress) {
    List<Digest> diffIds = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    List<Descriptor> layerDescriptors = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      WrittenLayer layer = written.get(i);
      progress.layerWritten(i + 1, layer.diffId(), layer.blob().size());
      diffIds.add(layer.diffId());
      comments.add(image.layers().get(i).comment());
      layerDescriptors.add(layer.blob());
    }
    progress.manifests();
    byte[] config = image.config().toJson(diffIds, comments);
    Descriptor configDescriptor = Descriptor.ofContent(ManifestFormat.OCI.configType(), config);
    byte[] manifest =
        new ImageManifest(ManifestFormat.OCI, configDescriptor, layerDescriptors, Map.of()).toJson();
    Descriptor manifestDescriptor =
        Descriptor.ofContent(ManifestFormat.OCI.manifestType(), manifest)
            .withPlatform(image.config().platform());
    return new Metadata(config, configDescriptor, manifest, manifestDescriptor);
  }

  /** Points each reference's {@code index.json} entry at {@code target}; the last step. */
  private static void writeEntries(
      OciLayoutDirectory layout, List<ImageReference> references, Descriptor target)
      throws IOException {
    layout.writeIndex(entries(layout.existingIndex(), references, target));
  }

  /** {@code existing} with each reference's entry pointing at {@code target}. */
  static ImageIndex entries(ImageIndex existing, List<ImageReference> references, Descriptor target) {
    ImageIndex index = existing;
    for (ImageReference reference : references) {
      Map<String, String> annotations = new LinkedHashMap<>();
      annotations.put(REF_NAME, reference.tag());
      annotations.put(CONTAINERD_NAME, fullyQualified(reference));
      index =
          index.replacing(
              entry -> reference.tag().equals(entry.annotation(REF_NAME)),
              target.withAnnotations(annotations));
    }
    return index;
  }

  /**
   * The name as containerd spells it: {@code hello} is {@code docker.io/library/hello}, {@code
   * team/hello} is {@code docker.io/team/hello}, a name with a registry host stays as it is.
   */
  static String fullyQualified(ImageReference reference) {
    if (reference.registry() != null) {
      return reference.toString();
    }
    String name = reference.name();
    return "docker.io/" + (name.contains("/") ? name : "library/" + name) + ":" + reference.tag();
  }
}
