package dev.floxj.target;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.WrittenLayer;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one image to several destinations while reading the closure once. One destination is
 * written straight from the store. For several, the layers are first streamed once, uncompressed
 * and hashed, into a hidden staging directory (beside the first destination that is a file or
 * directory, so on the same disk); every destination is then written from those files, whose diff
 * IDs are known, and the staging directory is removed. Destinations are written in the order
 * given; each one is complete or untouched, but a failure does not undo those written before it.
 */
public final class Fanout {
  private Fanout() {}

  /**
   * Where layers are staged: beside the first destination that has a writable directory (the same
   * disk, so a rename or copy is cheap), else the temporary directory.
   */
  private static Path stagingParent(List<? extends Destination> destinations) {
    return destinations.stream()
        .map(Destination::stagingDirectory)
        .filter(directory -> directory != null && Files.isDirectory(directory) && Files.isWritable(directory))
        .findFirst()
        .orElse(Path.of(System.getProperty("java.io.tmpdir")));
  }

  public static List<WrittenImage> writeAll(
      Image image, List<Destination> destinations, WriteProgress progress) throws IOException {
    if (destinations.size() == 1) {
      return List.of(destinations.get(0).write(image, progress));
    }
    try (TemporaryDirectory staging = TemporaryDirectory.create(stagingParent(destinations), ".floxj-layers-")) {
      Image staged = stage(image, staging.path(), progress);
      List<WrittenImage> written = new ArrayList<>();
      for (Destination destination : destinations) {
        written.add(destination.write(staged, WriteProgress.SILENT));
      }
      progress.done();
      return written;
    }
  }

  /**
   * Writes several platforms' images to several destinations that hold an index, reading the
   * closures once: as {@link #writeAll}, each platform's layers are staged first when there is
   * more than one destination.
   */
  public static List<WrittenIndex> writeAllIndexes(
      List<Image> images, List<IndexDestination> destinations, WriteProgress progress)
      throws IOException {
    if (destinations.size() == 1) {
      return List.of(destinations.get(0).writeIndex(images, progress));
    }
    try (TemporaryDirectory staging = TemporaryDirectory.create(stagingParent(destinations), ".floxj-layers-")) {
      List<Image> staged = new ArrayList<>();
      int number = 0;
      for (Image image : images) {
        progress.platform(image.config().platform(), ++number, images.size());
        Path directory = Files.createDirectory(staging.path().resolve(String.valueOf(number)));
        staged.add(stage(image, directory, progress));
      }
      List<WrittenIndex> written = new ArrayList<>();
      for (IndexDestination destination : destinations) {
        written.add(destination.writeIndex(staged, WriteProgress.SILENT));
      }
      progress.done();
      return written;
    }
  }

  /** Streams every layer into {@code staging} once and returns the image made of those files. */
  private static Image stage(Image image, Path staging, WriteProgress progress) throws IOException {
    List<Layer> staged = new ArrayList<>();
    try (LayerBlobWriter writer = new LayerBlobWriter(image.layers())) {
      int number = 0;
      for (Layer layer : image.layers()) {
        number++;
        progress.layer(number, layer);
        Path file = staging.resolve(number + ".tar");
        WrittenLayer written;
        try (FileOutputStream out = new FileOutputStream(file.toFile())) {
          written = writer.writeNext(out, Compression.NONE, ManifestFormat.OCI);
        } catch (IOException e) {
          throw new FloxjException(
              "Writing layer " + number + " to " + staging + " failed (" + e.getMessage()
                  + "); " + WriteFailure.remedy(e, "write the destinations one run at a time") + ".", e);
        }
        progress.layerWritten(number, written.diffId(), written.blob().size());
        staged.add(new Layer(new StagedLayer(file), layer.storePaths(), written.diffId()));
      }
    }
    progress.manifests();
    return image.withLayers(staged);
  }
}
