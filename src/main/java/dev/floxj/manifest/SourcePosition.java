package dev.floxj.manifest;

/** Where a value was read: a file and, when known, its 1-based line and column. */
record SourcePosition(String file, int line, int column) {

  /** A position that names only the file, for problems that have no single place in it. */
  static SourcePosition ofFile(String file) {
    return new SourcePosition(file, 0, 0);
  }

  /** The compiler-style prefix of an error message: {@code file:line:column} or {@code file}. */
  String label() {
    return line > 0 ? file + ":" + line + ":" + column : file;
  }
}
