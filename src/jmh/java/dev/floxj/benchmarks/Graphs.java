package dev.floxj.benchmarks;

import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Closure graphs shaped like real ones, generated from a seed. */
final class Graphs {
  private static final String NIX32 = "0123456789abcdfghijklmnpqrsvwxyz";

  private Graphs() {}

  /**
   * {@code n} paths and {@code references} references, acyclic: a third of the references go to
   * a few very popular paths (a libc, a shell), the rest anywhere further down.
   */
  static ClosureGraph realistic(long seed, int n, int references) {
    Random random = new Random(seed);
    List<StorePath> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder hash = new StringBuilder();
      for (int c = 0; c < 32; c++) {
        hash.append(NIX32.charAt(random.nextInt(NIX32.length())));
      }
      nodes.add(StorePath.of(hash + "-pkg" + i + "-1." + (i % 7)));
    }
    Map<StorePath, Set<StorePath>> refs = new LinkedHashMap<>();
    nodes.forEach(node -> refs.put(node, new LinkedHashSet<>()));
    Set<Long> edges = new HashSet<>();
    int popular = 40;
    while (edges.size() < references) {
      int from = random.nextInt(n - 1);
      int to =
          random.nextDouble() < 0.33
              ? n - 1 - (int) (Math.pow(random.nextDouble(), 3) * popular)
              : from + 1 + random.nextInt(n - from - 1);
      if (to > from && edges.add((long) from * n + to)) {
        refs.get(nodes.get(from)).add(nodes.get(to));
      }
    }
    return new ClosureGraph(refs);
  }
}
