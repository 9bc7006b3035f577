package dev.floxj.benchmarks;

import dev.floxj.tar.BufferHandoff;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarHeader;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Tar headers as a store layer writes them: a typical store file name (ustar only), a name past
 * 100 bytes (PAX header first), and a whole writer run of many small entries into reused direct
 * buffers, as the image archive hands them out.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TarBenchmark {
  private static final String STORE_PATH = "/nix/store/0c1m4r9v8bx4w3q5fyd2k1h6zjl7n0pa-glibc-2.40";

  TarEntry shortName;
  TarEntry longName;
  byte[] headerBytes;
  TarEntry[] smallFiles;
  byte[] smallContent;
  RecyclingHandoff handoff;

  @Setup
  public void prepare() {
    shortName = TarEntry.file(STORE_PATH + "/lib/libc.so.6", 0555, 2_125_328, TarOwner.ROOT, 1);
    longName =
        TarEntry.file(
            STORE_PATH + "/share/locale/pt_BR/LC_MESSAGES/a-rather-long-message-catalog-name.mo",
            0444,
            4_096,
            TarOwner.ROOT,
            1);
    headerBytes = new byte[4 * 512];
    smallFiles = new TarEntry[1000];
    for (int i = 0; i < smallFiles.length; i++) {
      smallFiles[i] = TarEntry.file(STORE_PATH + "/share/doc/file-" + i, 0444, 100, TarOwner.ROOT, 1);
    }
    smallContent = new byte[100];
    handoff = new RecyclingHandoff();
  }

  @Benchmark
  public byte[] ustarHeader() {
    TarHeader.of(shortName).writeTo(headerBytes, 0);
    return headerBytes;
  }

  @Benchmark
  public byte[] paxHeader() {
    TarHeader.of(longName).writeTo(headerBytes, 0);
    return headerBytes;
  }

  /** Per operation: 1,000 entries of 100 bytes, then the end of the archive. */
  @Benchmark
  public long thousandSmallFiles() throws IOException {
    TarWriter writer = new TarWriter(handoff);
    for (TarEntry entry : smallFiles) {
      writer.write(entry, smallContent);
    }
    writer.finish();
    return writer.bytesWritten();
  }

  /** Hands out the same 1 MiB direct buffer again and again, as if consumed instantly. */
  static final class RecyclingHandoff extends OutputStream implements BufferHandoff {
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

    @Override
    public ByteBuffer take() {
      return buffer.clear();
    }

    @Override
    public void handOver(ByteBuffer filled) {}

    @Override
    public void write(int b) {
      throw new UnsupportedOperationException();
    }
  }
}
