package dev.floxj.store;

import dev.floxj.FloxjException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Refuses file names Java may have decoded wrongly. Java decodes Linux file names with {@code
 * sun.jnu.encoding} (from the locale); unless that is UTF-8, non-ASCII names come out mangled, and
 * an undecodable byte comes out as U+FFFD either way, so the tar would name the wrong file.
 */
public final class FileNameCheck {
  private static final char REPLACEMENT_CHARACTER = '\uFFFD';

  private final boolean namesDecodeAsUtf8;

  public FileNameCheck(boolean namesDecodeAsUtf8) {
    this.namesDecodeAsUtf8 = namesDecodeAsUtf8;
  }

  /** The check for this JVM's file name encoding. */
  public static FileNameCheck forThisJvm() {
    String encoding = System.getProperty("sun.jnu.encoding", "");
    boolean utf8;
    try {
      utf8 =
          Charset.isSupported(encoding) && Charset.forName(encoding).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      utf8 = false;
    }
    return new FileNameCheck(utf8);
  }

  /** Returns the file name {@code name} of {@code file} if it can be trusted. */
  String checkName(String name, Path file) {
    String problem = problem(name);
    if (problem != null) {
      throw new FloxjException("'" + file + "' has a name" + problem);
    }
    return name;
  }

  /** Returns the target {@code target} of the symlink {@code link} if it can be trusted. */
  String checkLinkTarget(String target, Path link) {
    String problem = problem(target);
    if (problem != null) {
      throw new FloxjException("The symlink '" + link + "' has a target" + problem);
    }
    return target;
  }

  /** What is wrong with {@code value}, as the end of a sentence; null when nothing is. */
  private String problem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (!namesDecodeAsUtf8) {
        return " that is not ASCII, which Java only reads correctly in a UTF-8 locale:"
            + " run floxj with LC_ALL=C.UTF-8.";
      }
      if (c == REPLACEMENT_CHARACTER) {
        return " that is not valid UTF-8, which floxj cannot archive faithfully:"
            + " rename it or leave its store path out of the image.";
      }
    }
    return null;
  }
}
