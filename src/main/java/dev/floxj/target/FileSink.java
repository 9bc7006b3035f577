package dev.floxj.target;

import dev.floxj.FloxjException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file written atomically: the archive goes to a hidden temporary file beside the target, which
 * is renamed over the target only when complete, so a failure never leaves a partial image. A
 * target that exists and is not a regular file (a device such as {@code /dev/null}, a named pipe)
 * is written in place instead: renaming over it would replace the device with a file.
 */
public final class FileSink implements ImageSink {
  private final Path target;
  private Path temporary; // null when writing in place
  private FileOutputStream stream;
  private FileChannel channel;
  private Thread cleanupOnExit;

  public FileSink(Path target) {
    this.target = target.toAbsolutePath().normalize();
  }

  /**
   * Fails at once when the image could never be written to {@code target}: before the work of
   * building it, rather than after streaming it all.
   */
  public static void check(Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    Path directory = absolute.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new FloxjException(
          "Cannot write " + absolute + ": the directory " + directory + " does not exist.");
    }
    if (Files.isDirectory(absolute)) {
      throw new FloxjException(
          "Cannot write the image to " + absolute + ": it is a directory; name a file in it, e.g. "
              + absolute.resolve("image.tar") + ".");
    }
  }

  @Override
  public OutputStream open() throws IOException {
    check(target);
    Path directory = target.getParent();
    if (Files.exists(target) && !Files.isRegularFile(target)) {
      stream = new FileOutputStream(target.toFile());
      return stream;
    }
    temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".partial");
    // createTempFile makes it private (0600); an image file is for others to load too.
    if (Files.getFileAttributeView(temporary, PosixFileAttributeView.class) != null) {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
    }
    // An interrupted run (Ctrl-C) must not leave the temporary file behind either.
    cleanupOnExit = new Thread(this::deleteTemporary, "floxj-remove-partial-output");
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    // A FileOutputStream, so that the archive writer can write to its channel without a copy.
    stream = new FileOutputStream(temporary.toFile());
    channel = stream.getChannel();
    return stream;
  }

  @Override
  public void commit() throws IOException {
    if (temporary == null) {
      stream.close();
      return;
    }
    channel.force(false);
    stream.close();
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
    removeHook();
  }

  @Override
  public void abort() {
    try {
      if (stream != null) {
        stream.close();
      }
    } catch (IOException ignored) {
      // the file is deleted next; nothing more to save
    }
    if (temporary != null) {
      deleteTemporary();
      removeHook();
    }
  }

  private void deleteTemporary() {
    try {
      if (temporary != null) {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException ignored) {
      // best effort: the name starts with a dot and ends in .partial
    }
  }

  private void removeHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }

  @Override
  public FloxjException writeFailure(IOException cause) {
    return new FloxjException(
        "Writing the image to " + target + " failed (" + cause.getMessage()
            + "); nothing was written there: "
            + WriteFailure.remedy(cause, "choose another file with -f") + ".",
        cause);
  }

  @Override
  public Path directory() {
    return target.getParent();
  }

  @Override
  public String description() {
    return "file '" + target + "'";
  }
}
