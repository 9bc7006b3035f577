package dev.floxj.substitution;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

/** Undoes the compressions binary caches use: a narinfo's {@code Compression}, HTTP's {@code Content-Encoding}. */
final class Decompression {
  /** The NAR compressions floxj reads, as narinfos name them. */
  static final String SUPPORTED = "xz, zstd, bzip2, none";

  private static final int BUFFER = 64 * 1024;

  private Decompression() {}

  /** Whether {@link #ofNar} reads {@code compression}. */
  static boolean supports(String compression) {
    return switch (compression) {
      case "xz", "zstd", "bzip2", "none" -> true;
      default -> false;
    };
  }

  /** The NAR inside {@code in}, compressed as a narinfo's {@code Compression} says. */
  static InputStream ofNar(String compression, InputStream in) throws IOException {
    InputStream buffered = new BufferedInputStream(in, BUFFER);
    return switch (compression) {
      case "xz" -> new XZInputStream(buffered);
      case "zstd" -> new ZstdInputStream(buffered);
      // Concatenated streams, as parallel bzip2 tools write them.
      case "bzip2" -> new BZip2CompressorInputStream(buffered, true);
      case "none" -> buffered;
      default -> throw new IllegalArgumentException("unsupported compression " + compression);
    };
  }

  /**
   * {@code in} with its HTTP {@code Content-Encoding} undone (encodings apply in order, so they
   * are undone in reverse).
   *
   * @throws CacheRefusedException for an encoding floxj cannot decode
   */
  static InputStream ofContentEncoding(String header, InputStream in) throws IOException {
    if (header == null || header.isBlank()) {
      return in;
    }
    String[] encodings = header.split(",");
    InputStream decoded = in;
    for (int i = encodings.length - 1; i >= 0; i--) {
      String encoding = encodings[i].trim().toLowerCase(Locale.ROOT);
      decoded =
          switch (encoding) {
            case "identity", "" -> decoded;
            case "gzip", "x-gzip" -> new GZIPInputStream(decoded, BUFFER);
            case "deflate" -> new InflaterInputStream(decoded);
            case "xz" -> new XZInputStream(new BufferedInputStream(decoded, BUFFER));
            case "zstd" -> new ZstdInputStream(new BufferedInputStream(decoded, BUFFER));
            case "bzip2", "x-bzip2" -> new BZip2CompressorInputStream(new BufferedInputStream(decoded, BUFFER), true);
            default -> {
              decoded.close();
              throw new CacheRefusedException(
                  "it was served with Content-Encoding '" + encoding + "', which floxj cannot decode"
                      + " (gzip, deflate, xz, zstd and bzip2 it can)");
            }
          };
    }
    return decoded;
  }
}
