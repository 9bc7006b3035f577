package dev.floxj.image.model;

import java.util.Locale;
import java.util.Optional;

/**
 * How a layer blob is stored: the uncompressed tar, or the tar compressed. A layer's diff ID is
 * the digest of the uncompressed tar whatever its compression; the blob's own digest is that of
 * the stored bytes, so the two are equal only for {@link #NONE}.
 */
public enum Compression {
  NONE("none"),
  GZIP("gzip"),
  ZSTD("zstd");

  private final String keyword;

  Compression(String keyword) {
    this.keyword = keyword;
  }

  /** The name on the command line: none, gzip, zstd. */
  public String keyword() {
    return keyword;
  }

  public static Optional<Compression> fromKeyword(String keyword) {
    for (Compression compression : values()) {
      if (compression.keyword.equals(keyword.toLowerCase(Locale.ROOT))) {
        return Optional.of(compression);
      }
    }
    return Optional.empty();
  }
}
