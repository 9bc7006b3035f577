package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

  static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new FloxjException(path + " does not exist.", e);
    } catch (CharacterCodingException e) {
      throw new FloxjException(path + " is not valid UTF-8 text; save it as UTF-8.", e);
    } catch (IOException e) {
      throw new FloxjException(path + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /**
   * Writes {@code text} to a temporary file beside {@code path} and renames it over {@code path},
   * so that readers see the old file or the new one, never half of one. An existing file keeps its
   * permissions; a new one is readable by all.
   */
  static void write(Path path, String text) {
    Path temporary = null;
    try {
      Set<PosixFilePermission> permissions =
          Files.exists(path) ? Files.getPosixFilePermissions(path) : NEW_FILE;
      temporary = Files.createTempFile(path.getParent(), "." + path.getFileName(), ".floxj-tmp");
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(temporary, permissions);
      try {
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
      }
      temporary = null;
    } catch (IOException e) {
      throw new FloxjException(path + " cannot be written: " + e.getMessage() + ".", e);
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
