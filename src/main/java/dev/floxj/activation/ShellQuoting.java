package dev.floxj.activation;

/** Quoting text for POSIX shells, so that scripts floxj writes run the same under sh and bash. */
final class ShellQuoting {
  private ShellQuoting() {}

  /** {@code text} as one single-quoted word: nothing inside is expanded. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}
