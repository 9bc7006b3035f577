package dev.floxj.tar;

/** The kinds of tar entry floxj writes, with their ustar typeflag. */
public enum TarEntryType {
  REGULAR_FILE('0'),
  SYMBOLIC_LINK('2'),
  DIRECTORY('5');

  private final byte typeflag;

  TarEntryType(char typeflag) {
    this.typeflag = (byte) typeflag;
  }

  /** The byte stored in the header's typeflag field. */
  public byte typeflag() {
    return typeflag;
  }
}
