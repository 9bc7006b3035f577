package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class DecompressionTest {
  private static final byte[] TEXT =
      "a NAR, or anything else a cache may compress\n".repeat(1000).getBytes(StandardCharsets.UTF_8);

  /** Writes {@code TEXT} through a compressor. */
  @FunctionalInterface
  private interface Compressor {
    OutputStream wrap(OutputStream out) throws IOException;
  }

  private static byte[] compress(Compressor compressor) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compressor.wrap(bytes)) {
      out.write(TEXT);
    }
    return bytes.toByteArray();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  @Test
  void ofNar_readsEveryCompressionNixWrites() throws IOException {
    assertThat(readAll(Decompression.ofNar("xz", new ByteArrayInputStream(compress(o -> new XZOutputStream(o, new LZMA2Options()))))))
        .isEqualTo(TEXT);
    assertThat(readAll(Decompression.ofNar("zstd", new ByteArrayInputStream(compress(ZstdOutputStream::new)))))
        .isEqualTo(TEXT);
    assertThat(readAll(Decompression.ofNar("bzip2", new ByteArrayInputStream(compress(BZip2CompressorOutputStream::new)))))
        .isEqualTo(TEXT);
    assertThat(readAll(Decompression.ofNar("none", new ByteArrayInputStream(TEXT)))).isEqualTo(TEXT);
    assertThat(Decompression.supports("br")).isFalse();
  }

  @Test
  void ofContentEncoding_undoesGzipAndIdentity_refusesBrotli() throws IOException {
    assertThat(readAll(Decompression.ofContentEncoding("gzip", new ByteArrayInputStream(compress(GZIPOutputStream::new)))))
        .isEqualTo(TEXT);
    assertThat(readAll(Decompression.ofContentEncoding(null, new ByteArrayInputStream(TEXT)))).isEqualTo(TEXT);
    assertThat(readAll(Decompression.ofContentEncoding("identity", new ByteArrayInputStream(TEXT)))).isEqualTo(TEXT);
    byte[] twice = compress(o -> new XZOutputStream(new GZIPOutputStream(o), new LZMA2Options()));
    assertThat(readAll(Decompression.ofContentEncoding("xz, gzip", new ByteArrayInputStream(twice)))).isEqualTo(TEXT);
    assertThatThrownBy(() -> Decompression.ofContentEncoding("br", new ByteArrayInputStream(TEXT)))
        .isInstanceOf(CacheRefusedException.class)
        .hasMessageContaining("Content-Encoding 'br', which floxj cannot decode");
  }
}
