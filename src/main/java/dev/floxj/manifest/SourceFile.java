package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Reads a whole manifest, lock or env.json file as UTF-8 text, and replaces one atomically, with
 * errors a user can act on.
 */
final class SourceFile {
  private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

  private SourceFile() {}

  /**
   * The most floxj reads of one file: far above any real manifest or lock (a lock of hundreds of
   * packages for four systems is a few MiB), and far below what would exhaust memory.
   */
  static final int MAX_BYTES = 64 << 20;

  /**
   * The file's text. FIFOs, devices and directories are refused before they are opened (a FIFO
   * would block), and so is a file over {@link #MAX_BYTES}.
   */
  static String read(Path path) {
    try {
      if (!Files.exists(path)) {
        throw new NoSuchFileException(path.toString());
      }
      if (!Files.isRegularFile(path)) {
        throw new FloxjException(
            path + (Files.isDirectory(path) ? " is a directory" : " is not a regular file (a FIFO or device)")
                + ", not the file floxj expects there; replace it with a file.");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(path)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw new FloxjException(
            path + " is larger than " + (MAX_BYTES >> 20) + " MiB, far more than any manifest or"
                + " lock holds; check that it is the file meant.");
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (NoSuchFileException e) {
      throw new FloxjException(path + " does not exist.", e);
    } catch (CharacterCodingException e) {
      throw new FloxjException(path + " is not valid UTF-8 text; save it as UTF-8.", e);
    } catch (IOException e) {
      throw new FloxjException(path + " cannot be read (" + reason(e) + "); check its permissions.", e);
    }
  }

  /** Why an I/O operation failed, in words: {@code permission denied}, not just the path again. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
      return fileSystem.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Writes {@code text} to a temporary file beside {@code path} and renames it over {@code path},
   * so that readers see the old file or the new one, never half of one. An existing file keeps its
   * permissions; a new one is readable by all.
   */
  static void write(Path path, String text) {
    Path temporary = null;
    try {
      // Windows' file systems have no POSIX permissions: the new file keeps the directory's.
      boolean posix = Files.getFileAttributeView(path.getParent(), PosixFileAttributeView.class) != null;
      Set<PosixFilePermission> permissions =
          posix && Files.exists(path) ? Files.getPosixFilePermissions(path) : NEW_FILE;
      temporary = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".floxj-tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      if (posix) {
        Files.setPosixFilePermissions(temporary, permissions);
      }
      try {
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw new FloxjException(path + " cannot be written (" + reason(e) + "); check the directory's permissions and free space.", e);
    } finally {
      if (temporary != null) {
        try {
          Files.deleteIfExists(temporary);
        } catch (IOException e) {
          // Nothing more to do: the original file is untouched.
        }
      }
    }
  }
}
