package dev.floxj.store;

/**
 * Nix's base-32 ("nix32"): the alphabet without e, o, u and t, and the bytes read as one
 * little-endian number printed most significant digit first — so it is not RFC 4648 base32.
 */
public final class Nix32 {
  private static final String ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";

  private Nix32() {}

  /** The length of the encoding of {@code bytes} bytes: 52 for a SHA-256, 32 for 20 bytes. */
  public static int encodedLength(int bytes) {
    return (bytes * 8 - 1) / 5 + 1;
  }

  public static String encode(byte[] bytes) {
    int length = encodedLength(bytes.length);
    StringBuilder out = new StringBuilder(length);
    for (int n = length - 1; n >= 0; n--) {
      int bit = n * 5;
      int i = bit / 8;
      int shift = bit % 8;
      int value = (bytes[i] & 0xff) >> shift;
      if (i + 1 < bytes.length) {
        value |= (bytes[i + 1] & 0xff) << (8 - shift);
      }
      out.append(ALPHABET.charAt(value & 0x1f));
    }
    return out.toString();
  }

  /** Decodes {@code text} into {@code bytes} bytes; fails on a foreign character or overflow. */
  public static byte[] decode(String text, int bytes) {
    if (text.length() != encodedLength(bytes)) {
      throw new IllegalArgumentException(
          "a nix32 string of " + bytes + " bytes has " + encodedLength(bytes) + " characters");
    }
    byte[] out = new byte[bytes];
    for (int n = 0; n < text.length(); n++) {
      int digit = ALPHABET.indexOf(text.charAt(text.length() - 1 - n));
      if (digit < 0) {
        throw new IllegalArgumentException("'" + text.charAt(text.length() - 1 - n) + "' is not a nix32 digit");
      }
      int bit = n * 5;
      int i = bit / 8;
      int shift = bit % 8;
      out[i] |= (byte) (digit << shift);
      int carry = digit >> (8 - shift);
      if (i + 1 < bytes) {
        out[i + 1] |= (byte) carry;
      } else if (carry != 0) {
        throw new IllegalArgumentException("'" + text + "' does not fit in " + bytes + " bytes");
      }
    }
    return out;
  }
}
