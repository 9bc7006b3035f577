package dev.floxj.cli;

/**
 * A message made safe to show on a terminal: control characters are written as visible escapes.
 *
 * <p>Messages carry text floxj did not write — narinfo lines and NAR entry names from a binary
 * cache (before any signature check), manifest and nix.conf content, registry and runtime replies.
 * Shown raw, an escape sequence in them could clear the screen, set the window title or move the
 * cursor over a line to print a fake success. Every message reaches the terminal through {@link
 * Console}, which passes it through here once, so no caller has to remember to. floxj's own
 * messages are one line each, so a line break in one is also someone else's and is escaped.
 */
final class TerminalText {
  private TerminalText() {}

  /**
   * {@code text} with C0 and C1 control characters, DEL and Unicode's bidirectional overrides
   * (which can make text read backwards) written as {@code \n}, {@code \t}, {@code \r}, {@code \xNN}
   * or {@code \\uNNNN}; a backslash before such an escape stays as it is.
   */
  static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int first = 0;
    while (first < text.length() && !needsEscape(text.charAt(first))) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c)) {
        escaped.append(c);
      } else if (c == '\n') {
        escaped.append("\\n");
      } else if (c == '\t') {
        escaped.append("\\t");
      } else if (c == '\r') {
        escaped.append("\\r");
      } else if (c <= 0xff) {
        escaped.append(String.format("\\x%02x", (int) c));
      } else {
        escaped.append(String.format("\\u%04x", (int) c));
      }
    }
    return escaped.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069)
        || c == 0x061c
        || c == 0x200e
        || c == 0x200f;
  }
}
