package dev.floxj.activation;

/**
 * Removes the indentation common to a script's lines, as Nix does for {@code ''...''} strings and
 * flox does for the hook and profile scripts: a first line of spaces only is dropped, and the
 * fewest leading spaces of a line with content are removed from every line. So a TOML {@code
 * '''...'''} script indented to match the manifest can hold a heredoc whose end marker must start
 * its line.
 */
public final class Outdent {
  private Outdent() {}

  public static String of(String text) {
    String body = dropFirstLineOfSpaces(text);
    int indentation = Integer.MAX_VALUE;
    for (String line : body.split("\n", -1)) {
      int spaces = leadingSpaces(line);
      if (spaces < line.length()) {
        indentation = Math.min(indentation, spaces);
      }
    }
    if (indentation == Integer.MAX_VALUE || indentation == 0) {
      return body;
    }
    StringBuilder out = new StringBuilder(body.length());
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      out.append(line, Math.min(indentation, leadingSpaces(line)), line.length());
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String dropFirstLineOfSpaces(String text) {
    int newline = text.indexOf('\n');
    return newline >= 0 && leadingSpaces(text.substring(0, newline)) == newline
        ? text.substring(newline + 1)
        : text;
  }

  private static int leadingSpaces(String line) {
    int spaces = 0;
    while (spaces < line.length() && line.charAt(spaces) == ' ') {
      spaces++;
    }
    return spaces;
  }
}
