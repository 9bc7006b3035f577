package dev.floxj.target.layout;

import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;
import dev.floxj.target.IndexDestination;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code oci:DIR[:TAG]}: an OCI image layout directory, created or updated in place. Each
 * reference's tag becomes an {@code index.json} entry; entries with other tags, and every blob
 * already there, are kept. Several platforms are written as one image index, which the tags'
 * entries point at.
 */
public final class OciLayoutDestination implements IndexDestination {
  private final Path directory;
  private final List<ImageReference> references;
  private final Compression compression;
  private final OciLayoutDirectory layout;

  /** Checks the directory (absent, empty, or a layout) at once, before any image is built. */
  public OciLayoutDestination(Path directory, List<ImageReference> references, Compression compression) {
    this.directory = directory;
    this.references = List.copyOf(references);
    this.compression = compression;
    this.layout = OciLayoutDirectory.open(directory, usage());
  }

  /** Refuses a directory that cannot become a layout (see the constructor), writing nothing. */
  public static void check(Path directory) {
    OciLayoutDirectory.open(directory, "--to oci:" + directory);
  }

  @Override
  public WrittenImage write(Image image, WriteProgress progress) throws IOException {
    return LayoutWriter.write(image, layout, references, compression, progress, "oci:" + directory, usage())
        .image();
  }

  @Override
  public WrittenIndex writeIndex(List<Image> images, WriteProgress progress) throws IOException {
    return LayoutWriter.writeIndex(
            images, layout, references, compression, progress, "oci:" + directory, usage())
        .index();
  }

  private String usage() {
    return "--to oci:" + directory;
  }

  @Override
  public Path stagingDirectory() {
    return directory.toAbsolutePath().getParent();
  }

  @Override
  public String description() {
    return "OCI layout '" + directory + "'";
  }
}
