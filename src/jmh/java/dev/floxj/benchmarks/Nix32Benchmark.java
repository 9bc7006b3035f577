package dev.floxj.benchmarks;

import dev.floxj.store.Nix32;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Nix's base-32 both ways, on a SHA-256 (52 characters, as in narinfo NarHash fields). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Nix32Benchmark {
  byte[] sha256;
  String encoded;

  @Setup
  public void prepare() {
    sha256 = new byte[32];
    new Random(1).nextBytes(sha256);
    encoded = Nix32.encode(sha256);
  }

  @Benchmark
  public String encodeSha256() {
    return Nix32.encode(sha256);
  }

  @Benchmark
  public byte[] decodeSha256() {
    return Nix32.decode(encoded, 32);
  }
}
