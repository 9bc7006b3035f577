package dev.floxj.benchmarks;

import dev.floxj.nar.NarReader;
import dev.floxj.nar.NarVisitor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing a NAR as a cached binary-cache download is read: a directory of 2,000 files of 1 KiB
 * (per-entry cost) and one 16 MiB file (bulk copying), every file's content drained.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NarBenchmark {
  byte[] manySmallFiles;
  byte[] oneBigFile;

  @Setup
  public void prepare() {
    NarBytes small = new NarBytes().strings("nix-archive-1", "(", "type", "directory");
    for (int i = 0; i < 2000; i++) {
      small.strings("entry", "(", "name", String.format("file-%05d", i), "node");
      small.regularFile(new byte[1024]).strings(")");
    }
    manySmallFiles = small.strings(")").bytes();
    oneBigFile = new NarBytes().strings("nix-archive-1").regularFile(new byte[16 << 20]).bytes();
  }

  @Benchmark
  public long manySmallFiles() throws IOException {
    return read(manySmallFiles);
  }

  @Benchmark
  public long oneBigFile() throws IOException {
    return read(oneBigFile);
  }

  private static long read(byte[] nar) throws IOException {
    long[] drained = {0};
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    NarReader.read(
        new ByteArrayInputStream(nar),
        new NarVisitor() {
          @Override
          public void directory(String path) {}

          @Override
          public void regularFile(
              String path, boolean executable, long size, ReadableByteChannel content)
              throws IOException {
            while (content.read(buffer.clear()) > 0) {
              drained[0] += buffer.position();
            }
          }

          @Override
          public void symlink(String path, String target) {}
        });
    return drained[0];
  }

  /** NAR encoding: each string as a little-endian 64-bit length, its bytes, zeros to 8. */
  private static final class NarBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    NarBytes strings(String... values) {
      for (String value : values) {
        bytes(value.getBytes(StandardCharsets.UTF_8));
      }
      return this;
    }

    NarBytes regularFile(byte[] content) {
      strings("(", "type", "regular", "contents");
      bytes(content);
      return strings(")");
    }

    private void bytes(byte[] value) {
      out.writeBytes(
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value.length).array());
      out.writeBytes(value);
      out.writeBytes(new byte[(8 - value.length % 8) % 8]);
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
