package dev.floxj.substitution;

import dev.floxj.store.Nix32;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A SHA-256 as Nix writes it: {@code sha256:<nix32>} in narinfos, {@code sha256:<hex>} in its
 * database, {@code sha256-<base64>} (SRI) elsewhere. Other algorithms are refused: narinfo
 * fingerprints are defined over SHA-256 only.
 */
public final class NixHash {
  private static final int SHA256_BYTES = 32;

  private final byte[] digest;

  private NixHash(byte[] digest) {
    this.digest = digest;
  }

  /** The hash of a SHA-256 digest. */
  public static NixHash ofDigest(byte[] digest) {
    if (digest.length != SHA256_BYTES) {
      throw new IllegalArgumentException("a SHA-256 has 32 bytes, not " + digest.length);
    }
    return new NixHash(digest.clone());
  }

  /**
   * Parses any of Nix's spellings of a SHA-256.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static NixHash parse(String text) {
    if (text.startsWith("sha256-")) {
      try {
        return ofDigest(Base64.getDecoder().decode(text.substring(7)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a base64 SHA-256");
      }
    }
    if (!text.startsWith("sha256:")) {
      throw new IllegalArgumentException("'" + text + "' is not a sha256 hash");
    }
    String value = text.substring(7);
    if (value.length() == 2 * SHA256_BYTES) {
      try {
        return new NixHash(HexFormat.of().parseHex(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "' is not a hexadecimal SHA-256");
      }
    }
    if (value.length() == Nix32.encodedLength(SHA256_BYTES)) {
      return new NixHash(Nix32.decode(value, SHA256_BYTES));
    }
    throw new IllegalArgumentException("'" + text + "' has the length of no SHA-256 spelling");
  }

  public byte[] digest() {
    return digest.clone();
  }

  /** The nix32 digits alone, as in download cache file names. */
  public String nix32() {
    return Nix32.encode(digest);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NixHash hash && Arrays.equals(digest, hash.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  /** {@code sha256:<nix32>}, the form narinfos and their fingerprints use. */
  @Override
  public String toString() {
    return "sha256:" + nix32();
  }
}
