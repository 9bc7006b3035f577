package dev.floxj.manifest;

import java.util.BitSet;

/**
 * Nix's indentation stripping of {@code ''...''} strings, applied after the lexer dropped a first
 * line of spaces only. Characters written as escapes ({@code ''$}, {@code '''}, {@code ''\n}, ...)
 * are content when the indentation is measured (an escaped newline starts no line there), but are
 * stripped like the others: this is what Nix (2.8, checked) does.
 */
final class IndentedString {
  private IndentedString() {}

  /**
   * Removes the smallest indentation (in spaces) of the lines that have content from every line,
   * and the spaces of a last line that holds nothing else (the closing quotes' indentation).
   *
   * @param escaped which characters of {@code raw} were written as escapes
   */
  static String strip(String raw, BitSet escaped) {
    int indentation = smallestIndentation(raw, escaped);
    StringBuilder out = new StringBuilder();
    boolean atLineStart = true;
    int dropped = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (atLineStart && c == ' ' && dropped < indentation) {
        dropped++;
        continue;
      }
      out.append(c);
      if (c == '\n') {
        atLineStart = true;
        dropped = 0;
      } else if (c != ' ') {
        atLineStart = false;
      }
    }
    if (endsWithLineOfSpaces(raw, escaped)) {
      out.setLength(out.lastIndexOf("\n") + 1);
    }
    return out.toString();
  }

  /** The fewest leading spaces of a line that has content; lines of spaces only do not count. */
  private static int smallestIndentation(String raw, BitSet escaped) {
    int smallest = Integer.MAX_VALUE;
    boolean atLineStart = true;
    int current = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean plain = !escaped.get(i);
      if (atLineStart) {
        if (plain && c == ' ') {
          current++;
        } else if (plain && c == '\n') {
          current = 0;
        } else {
          smallest = Math.min(smallest, current);
          atLineStart = false;
        }
      } else if (plain && c == '\n') {
        atLineStart = true;
        current = 0;
      }
    }
    return smallest == Integer.MAX_VALUE ? 0 : smallest;
  }

  /** Whether the text after the last written newline is written spaces only. */
  private static boolean endsWithLineOfSpaces(String raw, BitSet escaped) {
    for (int i = raw.length() - 1; i >= 0; i--) {
      if (escaped.get(i)) {
        return false;
      }
      if (raw.charAt(i) == '\n') {
        return true;
      }
      if (raw.charAt(i) != ' ') {
        return false;
      }
    }
    return false;
  }
}
