package dev.floxj.output;

import dev.floxj.Json;
import dev.floxj.Sha256;
import dev.floxj.image.Image;
import dev.floxj.image.ImageLayer;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Streams an image as a docker-archive, the tar {@code docker load} reads: each layer tar, then
 * the config, then {@code manifest.json}. Every byte of the closure passes once; each layer's
 * digest is computed on the way, on a second thread ({@link HashingPipeline}), which is why the
 * config and manifest come last and why layer files are named by position rather than by digest.
 * Layer sizes, which the archive needs before each layer, are measured ahead on a third thread
 * ({@link LayerSizes}) while earlier layers stream; a store layer keeps that walk to write from.
 */
public final class DockerArchiveWriter {
  private static final TarOwner OWNER = TarOwner.ROOT;
  private static final long MTIME = 1;
  private static final int FILE_MODE = 0644;

  private final ArchiveProgress progress;

  public DockerArchiveWriter(ArchiveProgress progress) {
    this.progress = progress;
  }

  /**
   * Writes the archive to {@code out}. Layer digests are reported once all layers are written
   * (they are computed behind the writing, and waiting for each would stall the pipeline).
   */
  public void write(Image image, OutputStream out) throws IOException {
    try (LayerSizes layerSizes = LayerSizes.measure(image.layers());
        HashingPipeline pipeline = new HashingPipeline(out, TarWriter.DEFAULT_BUFFER_SIZE)) {
      TarWriter archive = new TarWriter(pipeline);
      List<String> layerFiles = new ArrayList<>();
      List<CompletableFuture<byte[]>> digests = new ArrayList<>();
      List<Long> sizes = new ArrayList<>();
      List<String> comments = new ArrayList<>();
      int number = 0;
      for (ImageLayer layer : image.layers()) {
        number++;
        if (layer.isCustomisation()) {
          progress.customisationLayer(number);
        } else {
          progress.storeLayer(number, layer.storePaths());
        }
        String file = layerFile(number);
        long size = layerSizes.get(number - 1);
        archive.write(
            TarEntry.file(file, FILE_MODE, size, OWNER, MTIME),
            entryStream -> {
              // The entry's header is counted already: its content starts here.
              digests.add(pipeline.sha256(archive.bytesWritten(), size));
              layer.content().writeTo(entryStream);
            });
        layerSizes.written(number - 1);
        layerFiles.add(file);
        sizes.add(size);
        comments.add(layer.comment());
      }

      archive.flush(); // a layer's last bytes may still be in the archive's buffer
      List<String> diffIds = new ArrayList<>();
      for (int i = 0; i < digests.size(); i++) {
        String diffId = "sha256:" + HexFormat.of().formatHex(await(digests.get(i)));
        progress.layerWritten(i + 1, diffId, sizes.get(i));
        diffIds.add(diffId);
      }

      progress.manifests();
      byte[] config = image.config().toJson(diffIds, comments);
      String configFile = HexFormat.of().formatHex(Sha256.of(config)) + ".json";
      archive.write(TarEntry.file(configFile, FILE_MODE, config.length, OWNER, MTIME), config);
      byte[] manifest = manifestJson(configFile, image.reference().toString(), layerFiles);
      archive.write(
          TarEntry.file("manifest.json", FILE_MODE, manifest.length, OWNER, MTIME), manifest);
      archive.finish();
    }
    progress.done();
  }

  /** A layer's digest, once the second thread has seen all of its bytes. */
  private static byte[] await(CompletableFuture<byte[]> digest) throws IOException {
    try {
      return digest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a layer digest");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("hashing a layer failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * {@code 001/layer.tar}: three digits at least, as String.format's {@code %03d} writes them but
   * without its locale and pattern machinery (~5 ms of start-up).
   */
  static String layerFile(int number) {
    String digits = Integer.toString(number);
    return "000".substring(Math.min(3, digits.length())) + digits + "/layer.tar";
  }

  private static byte[] manifestJson(String configFile, String repoTag, List<String> layerFiles) {
    return Json.compact(
        json -> {
          json.writeStartArray();
          json.writeStartObject();
          json.writeStringField("Config", configFile);
          json.writeArrayFieldStart("RepoTags");
          json.writeString(repoTag);
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
