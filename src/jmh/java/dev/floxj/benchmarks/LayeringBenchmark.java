package dev.floxj.benchmarks;

import dev.floxj.layering.LayerPlan;
import dev.floxj.store.ClosureGraph;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The popularity contest and the cut into layers on a generated closure. Run it single-shot
 * ({@code -bm ss -wi 0 -i 1 -f 5}) for what one floxj run pays, in a fresh JVM.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LayeringBenchmark {
  @Param({"20000"})
  int paths;

  @Param({"100000"})
  int references;

  ClosureGraph graph;

  @Setup
  public void generate() {
    graph = Graphs.realistic(42, paths, references);
  }

  @Benchmark
  public LayerPlan plan() {
    return LayerPlan.plan(graph, 100);
  }
}
