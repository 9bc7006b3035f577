package dev.floxj.tar;

/** Block and record arithmetic of the tar format: sizes follow from headers and lengths alone. */
public final class TarFormat {
  /** Headers and content are laid out in blocks of this size. */
  public static final int BLOCK_SIZE = 512;

  /** Python's tarfile pads a finished archive to a multiple of this (20 blocks, like tar -b20). */
  public static final int RECORD_SIZE = 20 * BLOCK_SIZE;

  /** The end-of-archive marker: two zero blocks. */
  public static final int END_MARKER_SIZE = 2 * BLOCK_SIZE;

  private TarFormat() {}

  /** {@code length} rounded up to a whole number of blocks. */
  public static long paddedToBlock(long length) {
    return (length + BLOCK_SIZE - 1) & -BLOCK_SIZE;
  }

  /** The zero bytes that follow {@code length} content bytes to fill the last block. */
  public static int blockPadding(long length) {
    return (int) (-length & (BLOCK_SIZE - 1));
  }

  /** Bytes one entry takes: its header(s) and its content padded to blocks. */
  public static long entryLength(TarEntry entry) {
    return TarHeader.length(entry) + paddedToBlock(entry.size());
  }

  /** The size of a finished archive whose entries take {@code entriesLength} bytes. */
  public static long archiveLength(long entriesLength) {
    long withEndMarker = entriesLength + END_MARKER_SIZE;
    return (withEndMarker + RECORD_SIZE - 1) / RECORD_SIZE * RECORD_SIZE;
  }
}
