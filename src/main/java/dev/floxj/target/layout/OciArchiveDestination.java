package dev.floxj.target.layout;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;
import dev.floxj.target.IndexDestination;
import dev.floxj.target.FileSink;
import dev.floxj.target.TemporaryDirectory;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * {@code oci-archive:FILE[:TAG]}: an OCI layout as one tar. A blob's entry is named by its
 * digest, which is known only once the blob has been written, so the archive cannot be streamed
 * in one pass the way a docker-archive is: the layout is first written to a hidden temporary
 * directory beside FILE (each layer streamed and hashed once, as for {@code oci:}), and then
 * tarred into FILE, atomically. Several platforms make one image index, as in {@code oci:}. The temporary directory is removed in every case.
 */
public final class OciArchiveDestination implements IndexDestination {
  private static final TarOwner OWNER = TarOwner.ROOT;
  private static final long MTIME = 1;

  private final Path file;
  private final List<ImageReference> references;
  private final Compression compression;

  public OciArchiveDestination(Path file, List<ImageReference> references, Compression compression) {
    this.file = file.toAbsolutePath().normalize();
    this.references = List.copyOf(references);
    this.compression = compression;
    check(this.file);
  }

  /** Refuses a file that cannot be written: a missing or unwritable directory, a directory. */
  public static void check(Path target) {
    Path file = target.toAbsolutePath().normalize();
    Path directory = file.getParent();
    if (!Files.isDirectory(directory)) {
      throw new FloxjException(
          "Cannot write " + file + ": the directory " + directory + " does not exist; create it"
              + " or choose another file for --to oci-archive:.");
    }
    if (Files.isDirectory(file)) {
      throw new FloxjException(
          file + " is a directory; --to oci-archive: needs a file name (use --to oci:" + file
              + " for a layout directory).");
    }
    if (!Files.isWritable(directory)) {
      throw new FloxjException(
          "Cannot write " + file + ": the directory " + directory + " is not writable; choose"
              + " another file for --to oci-archive:.");
    }
  }

  @Override
  public WrittenImage write(Image image, WriteProgress progress) throws IOException {
    return archive(
        layout ->
            LayoutWriter.write(image, layout, references, compression, progress, "oci-archive:" + file, usage()),
        LayoutWriter.Result::blobs).image();
  }

  @Override
  public WrittenIndex writeIndex(List<Image> images, WriteProgress progress) throws IOException {
    return archive(
        layout ->
            LayoutWriter.writeIndex(
                images, layout, references, compression, progress, "oci-archive:" + file, usage()),
        LayoutWriter.IndexResult::blobs).index();
  }

  /** A layout step that may fail with an IOException. */
  private interface LayoutStep<R> {
    R write(OciLayoutDirectory layout) throws IOException;
  }

  /** Writes a layout in a hidden directory beside the file, tars it into the file, removes it. */
  private <R> R archive(LayoutStep<R> step, java.util.function.Function<R, List<Digest>> blobs)
      throws IOException {
    try (TemporaryDirectory staging = TemporaryDirectory.create(file.getParent(), "." + file.getFileName() + ".")) {
      OciLayoutDirectory layout = OciLayoutDirectory.open(staging.path(), usage());
      R result = step.write(layout);
      FileSink sink = new FileSink(file);
      try (OutputStream out = sink.open()) {
        tar(layout, blobs.apply(result), out);
        sink.commit();
      } catch (IOException e) {
        sink.abort();
        throw sink.writeFailure(e);
      } catch (RuntimeException | Error e) {
        sink.abort();
        throw e;
      }
      return result;
    }
  }

  /** oci-layout, the blobs (layers, config, manifest), then index.json. */
  private static void tar(OciLayoutDirectory layout, List<Digest> blobs, OutputStream out)
      throws IOException {
    TarWriter tar = new TarWriter(out);
    tar.write(
        TarEntry.file(OciLayoutDirectory.LAYOUT_FILE, 0644, OciLayoutDirectory.LAYOUT_JSON.length, OWNER, MTIME),
        OciLayoutDirectory.LAYOUT_JSON);
    tar.write(TarEntry.directory("blobs/", 0755, OWNER, MTIME));
    tar.write(TarEntry.directory("blobs/sha256/", 0755, OWNER, MTIME));
    java.util.Set<Digest> seen = new java.util.HashSet<>();
    for (Digest blob : blobs) {
      if (seen.add(blob)) {
        copy(tar, "blobs/sha256/" + blob.hex(), layout.blob(blob));
      }
    }
    copy(tar, OciLayoutDirectory.INDEX_FILE, layout.root().resolve(OciLayoutDirectory.INDEX_FILE));
    tar.finish();
  }

  private static void copy(TarWriter tar, String name, Path source) throws IOException {
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
      tar.write(TarEntry.file(name, 0644, channel.size(), OWNER, MTIME), channel);
    }
  }

  private String usage() {
    return "--to oci-archive:" + file;
  }

  @Override
  public Path stagingDirectory() {
    return file.getParent();
  }

  @Override
  public String description() {
    return "OCI archive '" + file + "'";
  }
}
