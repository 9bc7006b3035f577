package dev.floxj.target.dockerarchive;

import dev.floxj.Json;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.target.HashingPipeline;
import dev.floxj.target.LayerSizes;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Streams an image as a docker-archive, the tar {@code docker load} reads: each layer tar, then
 * the config, then {@code manifest.json}. Every byte of the closure passes once; each layer's
 * digest is computed on the way, on a second thread ({@link HashingPipeline}), which is why the
 * config and manifest come last and why layer files are named by position rather than by digest.
 * Layer sizes, which the archive needs before each layer, are measured ahead on a third thread
 * ({@link LayerSizes}) while earlier layers stream; a store layer keeps that walk to write from.
 * A layer whose diff ID is known already is not hashed again.
 */
public final class DockerArchiveWriter {
  private static final TarOwner OWNER = TarOwner.ROOT;
  private static final long MTIME = 1;
  private static final int FILE_MODE = 0644;

  private final WriteProgress progress;

  public DockerArchiveWriter(WriteProgress progress) {
    this.progress = progress;
  }

  /**
   * Writes the archive to {@code out}, listing {@code repoTags} in {@code manifest.json}. Layer
   * digests are reported once all layers are written (they are computed behind the writing, and
   * waiting for each would stall the pipeline).
   */
  public WrittenImage write(Image image, List<ImageReference> repoTags, OutputStream out)
      throws IOException {
    List<WrittenLayer> written = new ArrayList<>();
    Digest configDigest;
    try (LayerSizes layerSizes = LayerSizes.measure(image.layers());
        HashingPipeline pipeline = new HashingPipeline(out, TarWriter.DEFAULT_BUFFER_SIZE)) {
      TarWriter archive = new TarWriter(pipeline);
      progress.started(image.layers().size(), archive::bytesWritten);
      List<String> layerFiles = new ArrayList<>();
      List<CompletableFuture<byte[]>> digests = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      List<String> comments = new ArrayList<>();
      int number = 0;
      for (Layer layer : image.layers()) {
        number++;
        progress.layer(number, layer);
        String file = layerFile(number);
        long size = layerSizes.get(number - 1);
        archive.write(
            TarEntry.file(file, FILE_MODE, size, OWNER, MTIME),
            entryStream -> {
              // The entry's header is counted already: its content starts here.
              digests.add(
                  layer.knownDiffId() != null
                      ? CompletableFuture.completedFuture(null)
                      : pipeline.sha256(archive.bytesWritten(), size));
              layer.content().writeTo(entryStream);
            });
        layerSizes.written(number - 1);
        layerFiles.add(file);
        sizes.add(size);
        comments.add(layer.comment());
      }

      archive.flush(); // a layer's last bytes may still be in the archive's buffer
      List<Digest> diffIds = new ArrayList<>();
      for (int i = 0; i < digests.size(); i++) {
        Digest known = image.layers().get(i).knownDiffId();
        Digest diffId = known != null ? known : Digest.sha256(HashingPipeline.await(digests.get(i)));
        progress.layerWritten(i + 1, diffId, sizes.get(i));
        diffIds.add(diffId);
        written.add(
            new WrittenLayer(
                diffId,
                Descriptor.of(ManifestFormat.DOCKER.layerType(Compression.NONE), diffId, sizes.get(i))));
      }

      progress.manifests();
      byte[] config = image.config().toJson(diffIds, comments);
      configDigest = Digest.sha256Of(config);
      String configFile = configDigest.hex() + ".json";
      archive.write(TarEntry.file(configFile, FILE_MODE, config.length, OWNER, MTIME), config);
      byte[] manifest = manifestJson(configFile, repoTags, layerFiles);
      archive.write(
          TarEntry.file("manifest.json", FILE_MODE, manifest.length, OWNER, MTIME), manifest);
      archive.finish();
    }
    progress.done();
    return new WrittenImage(
        "docker-archive",
        configDigest,
        null,
        written,
        repoTags.stream().map(ImageReference::toString).toList());
  }

  /**
   * {@code 001/layer.tar}: three digits at least, as String.format's {@code %03d} writes them but
   * without its locale and pattern machinery (~5 ms of start-up).
   */
  static String layerFile(int number) {
    String digits = Integer.toString(number);
    return "000".substring(Math.min(3, digits.length())) + digits + "/layer.tar";
  }

  private static byte[] manifestJson(
      String configFile, List<ImageReference> repoTags, List<String> layerFiles) {
    return Json.compact(
        json -> {
          json.writeStartArray();
          json.writeStartObject();
          json.writeStringField("Config", configFile);
          json.writeArrayFieldStart("RepoTags");
          for (ImageReference repoTag : repoTags) {
            json.writeString(repoTag.toString());
          }
          json.writeEndArray();
          json.writeArrayFieldStart("Layers");
          for (String layerFile : layerFiles) {
            json.writeString(layerFile);
          }
          json.writeEndArray();
          json.writeEndObject();
          json.writeEndArray();
        });
  }
}
