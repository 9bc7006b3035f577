package dev.floxj.image.model;

import dev.floxj.FloxjException;
import dev.floxj.Sha256;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it, {@code algorithm:hex}. Every blob of an image (layer, config,
 * manifest) is named by one, and destinations name files and registry objects after it; a value
 * type rather than a {@code "sha256:"+hex} string so that a malformed digest read from a layout,
 * a registry or a cache is refused where it enters, not where it is used.
 */
public record Digest(String algorithm, String hex) {
  public static final String SHA256 = "sha256";

  // image-spec's descriptor.md grammar; sha256 and sha512 have fixed lengths of lower-case hex.
  private static final Pattern ALGORITHM = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*");
  private static final Pattern ENCODED = Pattern.compile("[a-zA-Z0-9=_-]+");
  private static final Pattern SHA256_HEX = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512_HEX = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    if (algorithm == null || !ALGORITHM.matcher(algorithm).matches()) {
      throw new IllegalArgumentException("not a digest algorithm: '" + algorithm + "'");
    }
    boolean valid =
        switch (algorithm) {
          case SHA256 -> hex != null && SHA256_HEX.matcher(hex).matches();
          case "sha512" -> hex != null && SHA512_HEX.matcher(hex).matches();
          default -> hex != null && ENCODED.matcher(hex).matches();
        };
    if (!valid) {
      throw new IllegalArgumentException("not a " + algorithm + " digest: '" + hex + "'");
    }
  }

  /**
   * Parses {@code sha256:<64 hex>}.
   *
   * @param where names the text's origin for the error, e.g. "index.json of /tmp/oci"
   */
  public static Digest parse(String text, String where) {
    int colon = text == null ? -1 : text.indexOf(':');
    try {
      if (colon > 0) {
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the origin
    }
    throw new FloxjException(
        "'" + text + "' in " + where + " is not a digest like sha256:<64 hex digits>; fix or"
            + " remove it.");
  }

  /** The SHA-256 digest whose raw 32 bytes are {@code sha256}. */
  public static Digest sha256(byte[] sha256) {
    return new Digest(SHA256, HexFormat.of().formatHex(sha256));
  }

  /** The SHA-256 digest of {@code content}. */
  public static Digest sha256Of(byte[] content) {
    return sha256(Sha256.of(content));
  }

  /** {@code algorithm:hex}. */
  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
