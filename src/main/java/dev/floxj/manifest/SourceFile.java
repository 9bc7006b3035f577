package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a whole manifest, lock or env.json file as UTF-8 text, with errors a user can act on. */
final class SourceFile {
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
}
