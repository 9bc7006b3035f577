package dev.floxj.target;

import dev.floxj.image.model.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The compressors of layer blobs. gzip is the JDK's own (java.util.zip), which writes the same
 * bytes for the same input, level and JDK: a fixed header (no file name, mtime 0) and zlib's
 * deflate. The level is zlib's default, 6, which measured... (see docs/compression.md).
 */
public final class LayerCompression {
  /** gzip's level: zlib's default. */
  public static final int GZIP_LEVEL = Deflater.DEFAULT_COMPRESSION;

  private LayerCompression() {}

  /** A stream that compresses into {@code out}; closing it finishes the format and closes out. */
  public static OutputStream encoder(Compression compression, OutputStream out) throws IOException {
    return switch (compression) {
      case NONE -> out;
      case GZIP -> new GZIPOutputStream(out, 64 * 1024) {
        {
          def.setLevel(GZIP_LEVEL);
        }
      };
      case ZSTD -> throw new IllegalArgumentException("zstd layers are not written yet");
    };
  }
}
