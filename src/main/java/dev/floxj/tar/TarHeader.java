package dev.floxj.tar;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The header block(s) of one entry, byte for byte as Python's tarfile writes them in PAX format: a
 * ustar block, preceded by a PAX extended header when a value does not fit the ustar fields.
 */
public final class TarHeader {
  private static final int NAME_LENGTH = 100;
  private static final int OWNER_NAME_LENGTH = 32;
  private static final long MAX_ID = 07777777; // 7 octal digits
  private static final long MAX_SIZE_OR_TIME = 077777777777L; // 11 octal digits
  private static final String PAX_HEADER_NAME = "././@PaxHeader";
  private static final byte PAX_TYPEFLAG = 'x';
  private static final byte[] MAGIC_AND_VERSION = "ustar\00000".getBytes(StandardCharsets.US_ASCII);
  private static final int MAGIC_AND_VERSION_SUM = sum(MAGIC_AND_VERSION);
  private static final int CHECKSUM_SPACES = 8 * ' ';
  private static final byte[] ZERO_BLOCK = new byte[TarFormat.BLOCK_SIZE];

  private final TarEntry entry;
  private final byte[] paxRecords; // null when the ustar block says it all

  private TarHeader(TarEntry entry, byte[] paxRecords) {
    this.entry = entry;
    this.paxRecords = paxRecords;
  }

  /** Works out whether {@code entry} needs a PAX header, and its records if so. */
  public static TarHeader of(TarEntry entry) {
    if (fitsUstar(entry)) {
      return new TarHeader(entry, null); // the common case, decided without building records
    }
    PaxRecords pax = null;
    // Same keys in the same order as tarfile: strings first, then numbers.
    pax = addIfTooLong(pax, "path", entry.name(), NAME_LENGTH);
    pax = addIfTooLong(pax, "linkpath", entry.linkTarget(), NAME_LENGTH);
    pax = addIfTooLong(pax, "uname", entry.owner().uname(), OWNER_NAME_LENGTH);
    pax = addIfTooLong(pax, "gname", entry.owner().gname(), OWNER_NAME_LENGTH);
    pax = addIfTooBig(pax, "uid", entry.owner().uid(), MAX_ID);
    pax = addIfTooBig(pax, "gid", entry.owner().gid(), MAX_ID);
    pax = addIfTooBig(pax, "size", entry.size(), MAX_SIZE_OR_TIME);
    pax = addIfTooBig(pax, "mtime", entry.mtime(), MAX_SIZE_OR_TIME);
    return new TarHeader(entry, pax == null ? null : pax.toByteArray());
  }

  /**
   * The header length of {@code entry}: what {@code of(entry).length()} says, without building
   * the PAX records (the layer measuring walk asks it of every entry).
   */
  public static int length(TarEntry entry) {
    if (fitsUstar(entry)) {
      return TarFormat.BLOCK_SIZE;
    }
    TarOwner owner = entry.owner();
    int pax =
        paxLengthIfTooLong("path", entry.name(), NAME_LENGTH)
            + paxLengthIfTooLong("linkpath", entry.linkTarget(), NAME_LENGTH)
            + paxLengthIfTooLong("uname", owner.uname(), OWNER_NAME_LENGTH)
            + paxLengthIfTooLong("gname", owner.gname(), OWNER_NAME_LENGTH)
            + paxLengthIfTooBig("uid", owner.uid(), MAX_ID)
            + paxLengthIfTooBig("gid", owner.gid(), MAX_ID)
            + paxLengthIfTooBig("size", entry.size(), MAX_SIZE_OR_TIME)
            + paxLengthIfTooBig("mtime", entry.mtime(), MAX_SIZE_OR_TIME);
    return 2 * TarFormat.BLOCK_SIZE + (int) TarFormat.paddedToBlock(pax);
  }

  private static int paxLengthIfTooLong(String key, String value, int field) {
    return fitsField(value, field) ? 0 : PaxRecords.recordLength(key, value);
  }

  private static int paxLengthIfTooBig(String key, long value, long max) {
    return fits(value, max) ? 0 : PaxRecords.recordLength(key, Long.toString(value));
  }

  /** Whether every value fits its ustar field, so that no PAX header is needed. */
  private static boolean fitsUstar(TarEntry entry) {
    TarOwner owner = entry.owner();
    return fitsField(entry.name(), NAME_LENGTH)
        && fitsField(entry.linkTarget(), NAME_LENGTH)
        && fitsField(owner.uname(), OWNER_NAME_LENGTH)
        && fitsField(owner.gname(), OWNER_NAME_LENGTH)
        && fits(owner.uid(), MAX_ID)
        && fits(owner.gid(), MAX_ID)
        && fits(entry.size(), MAX_SIZE_OR_TIME)
        && fits(entry.mtime(), MAX_SIZE_OR_TIME);
  }

  private static boolean fitsField(String value, int field) {
    return value.length() <= field && isAscii(value);
  }

  private static PaxRecords addIfTooLong(PaxRecords pax, String key, String value, int field) {
    // tarfile compares the character count, but only for ASCII strings, where it is the byte count.
    if (!isAscii(value) || value.length() > field) {
      pax = pax == null ? new PaxRecords() : pax;
      pax.add(key, value);
    }
    return pax;
  }

  private static PaxRecords addIfTooBig(PaxRecords pax, String key, long value, long max) {
    if (!fits(value, max)) {
      pax = pax == null ? new PaxRecords() : pax;
      pax.add(key, Long.toString(value));
    }
    return pax;
  }

  /** Whether a PAX extended header precedes the ustar block. */
  public boolean hasPaxHeader() {
    return paxRecords != null;
  }

  /** Total header bytes: 512, or 1024 plus the padded PAX records. */
  public int length() {
    if (paxRecords == null) {
      return TarFormat.BLOCK_SIZE;
    }
    return 2 * TarFormat.BLOCK_SIZE + (int) TarFormat.paddedToBlock(paxRecords.length);
  }

  /** Writes exactly {@link #length()} bytes into {@code dst} at {@code offset}. */
  public void writeTo(byte[] dst, int offset) {
    int at = offset;
    if (paxRecords != null) {
      writeUstarBlock(
          dst, at, PAX_HEADER_NAME, 0, 0, 0, paxRecords.length, 0, PAX_TYPEFLAG, "", "", "");
      at += TarFormat.BLOCK_SIZE;
      System.arraycopy(paxRecords, 0, dst, at, paxRecords.length);
      int padding = TarFormat.blockPadding(paxRecords.length);
      Arrays.fill(dst, at + paxRecords.length, at + paxRecords.length + padding, (byte) 0);
      at += paxRecords.length + padding;
    }
    TarOwner owner = entry.owner();
    writeUstarBlock(
        dst,
        at,
        entry.name(),
        entry.mode(),
        fitOrZero(owner.uid(), MAX_ID),
        fitOrZero(owner.gid(), MAX_ID),
        fitOrZero(entry.size(), MAX_SIZE_OR_TIME),
        fitOrZero(entry.mtime(), MAX_SIZE_OR_TIME),
        entry.type().typeflag(),
        entry.linkTarget(),
        owner.uname(),
        owner.gname());
  }

  /** The header bytes as a new array. */
  public byte[] toBytes() {
    byte[] bytes = new byte[length()];
    writeTo(bytes, 0);
    return bytes;
  }

  private static void writeUstarBlock(
      byte[] b,
      int off,
      String name,
      int mode,
      long uid,
      long gid,
      long size,
      long mtime,
      byte typeflag,
      String linkName,
      String uname,
      String gname) {
    System.arraycopy(ZERO_BLOCK, 0, b, off, TarFormat.BLOCK_SIZE);
    // The checksum is the sum of the block's bytes, counting its own field as spaces: summed
    // field by field as they are written, the zeros in between adding nothing.
    int checksum = CHECKSUM_SPACES + MAGIC_AND_VERSION_SUM + typeflag;
    checksum += putAsciiReplacing(b, off, name, NAME_LENGTH);
    checksum += putOctal(b, off + 100, mode, 8);
    checksum += putOctal(b, off + 108, uid, 8);
    checksum += putOctal(b, off + 116, gid, 8);
    checksum += putOctal(b, off + 124, size, 12);
    checksum += putOctal(b, off + 136, mtime, 12);
    b[off + 156] = typeflag;
    checksum += putAsciiReplacing(b, off + 157, linkName, NAME_LENGTH);
    System.arraycopy(MAGIC_AND_VERSION, 0, b, off + 257, MAGIC_AND_VERSION.length);
    checksum += putAsciiReplacing(b, off + 265, uname, OWNER_NAME_LENGTH);
    checksum += putAsciiReplacing(b, off + 297, gname, OWNER_NAME_LENGTH);
    // devmajor, devminor and prefix stay NUL: no devices, and PAX replaces the prefix split.
    putOctal(b, off + 148, checksum, 7); // six digits and NUL
    b[off + 155] = ' '; // then the space tarfile leaves
  }

  /**
   * Like tarfile's ASCII "replace" encoding: one {@code ?} per non-ASCII character. Returns the
   * sum of the bytes written.
   */
  private static int putAsciiReplacing(byte[] b, int off, String value, int fieldLength) {
    int sum = 0;
    int written = 0;
    for (int i = 0; i < value.length() && written < fieldLength; written++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        b[off + written] = (byte) c;
        sum += c;
        i++;
      } else {
        b[off + written] = (byte) '?';
        sum += '?';
        i += Character.charCount(value.codePointAt(i));
      }
    }
    return sum;
  }

  /** Zero-padded octal in {@code fieldLength - 1} digits, then NUL. Returns the digits' sum. */
  private static int putOctal(byte[] b, int off, long value, int fieldLength) {
    int sum = 0;
    long rest = value;
    for (int i = fieldLength - 2; i >= 0; i--) {
      int digit = '0' + (int) (rest & 7);
      b[off + i] = (byte) digit;
      sum += digit;
      rest >>>= 3;
    }
    b[off + fieldLength - 1] = 0;
    return sum;
  }

  private static boolean fits(long value, long max) {
    return value >= 0 && value <= max;
  }

  private static long fitOrZero(long value, long max) {
    return fits(value, max) ? value : 0;
  }

  private static int sum(byte[] bytes) {
    int sum = 0;
    for (byte value : bytes) {
      sum += value & 0xff;
    }
    return sum;
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
