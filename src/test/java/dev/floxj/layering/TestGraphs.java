package dev.floxj.layering;

import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Store paths, graphs and an independent reference implementation of the contest for tests. */
final class TestGraphs {
  private static final String NIX32 = "0123456789abcdfghijklmnpqrsvwxyz";

  private TestGraphs() {}

  /** A store path with the given name and a hash derived from it (so names decide ties). */
  static StorePath path(String name) {
    Random random = new Random(name.hashCode());
    StringBuilder hash = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      hash.append(NIX32.charAt(random.nextInt(32)));
    }
    return StorePath.of(hash + "-" + name);
  }

  /** A graph from lines such as {@code "A -> B C"}; a line {@code "X"} is a path without refs. */
  static ClosureGraph graph(String... lines) {
    Map<StorePath, Set<StorePath>> refs = new LinkedHashMap<>();
    for (String line : lines) {
      String[] sides = line.split("->");
      StorePath from = path(sides[0].trim());
      refs.computeIfAbsent(from, p -> new LinkedHashSet<>());
      if (sides.length > 1) {
        for (String to : sides[1].trim().split("\\s+")) {
          refs.get(from).add(path(to));
          refs.computeIfAbsent(path(to), p -> new LinkedHashSet<>());
        }
      }
    }
    return new ClosureGraph(refs);
  }

  /** Popularity by name, for readable assertions. */
  static Map<String, Long> byName(Popularity popularity) {
    Map<String, Long> names = new LinkedHashMap<>();
    popularity.asMap().forEach((path, count) -> names.put(path.name(), count.longValueExact()));
    return names;
  }

  static List<String> names(List<StorePath> paths) {
    return paths.stream().map(StorePath::name).toList();
  }

  /**
   * A random DAG: node i refers only to nodes after it, each of the {@code n * n / 2} possible
   * references present with probability {@code density}; inserted in shuffled order so that the
   * graph's own order is not topological.
   */
  static ClosureGraph randomDag(long seed, int n, double density) {
    Random random = new Random(seed);
    List<StorePath> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(path("n" + seed + "-" + i));
    }
    Map<StorePath, Set<StorePath>> refs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Set<StorePath> mine = new LinkedHashSet<>();
      for (int j = i + 1; j < n; j++) {
        if (random.nextDouble() < density) {
          mine.add(nodes.get(j));
        }
      }
      refs.put(nodes.get(i), mine);
    }
    return shuffled(refs, random);
  }

  /**
   * Two paths per level, each referring to both paths of the next level: 2^levels walks reach the
   * bottom, far beyond a long.
   */
  static ClosureGraph ladder(int levels) {
    Map<StorePath, Set<StorePath>> refs = new HashMap<>();
    for (int level = 0; level < levels; level++) {
      Set<StorePath> next =
          level + 1 < levels
              ? Set.of(path("a" + (level + 1)), path("b" + (level + 1)))
              : Set.of();
      refs.put(path("a" + level), next);
      refs.put(path("b" + level), next);
    }
    refs.put(path("top"), Set.of(path("a0"), path("b0")));
    return shuffled(refs, new Random(levels));
  }

  /**
   * A closure shaped like a real one: node i refers only to later nodes; the last {@code
   * popular} nodes are base libraries (glibc and the like) that a third of all references go to,
   * skewed towards the very last; the other references go to a uniformly chosen later node.
   */
  static ClosureGraph realistic(long seed, int n, int references) {
    Random random = new Random(seed);
    int popular = 40;
    List<StorePath> nodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      nodes.add(path("pkg" + i + "-1." + (i % 7)));
    }
    Map<StorePath, Set<StorePath>> refs = new HashMap<>();
    for (StorePath node : nodes) {
      refs.put(node, new LinkedHashSet<>());
    }
    Set<Long> edges = new HashSet<>();
    while (edges.size() < references) {
      int from = random.nextInt(n - 1);
      int to;
      if (random.nextDouble() < 0.33) {
        double skew = Math.pow(random.nextDouble(), 3);
        to = n - 1 - (int) (skew * popular);
      } else {
        to = from + 1 + random.nextInt(n - from - 1);
      }
      if (to > from && edges.add((long) from * n + to)) {
        refs.get(nodes.get(from)).add(nodes.get(to));
      }
    }
    return shuffled(refs, random);
  }

  private static ClosureGraph shuffled(Map<StorePath, Set<StorePath>> refs, Random random) {
    List<StorePath> keys = new ArrayList<>(refs.keySet());
    keys.sort(null);
    Collections.shuffle(keys, random);
    Map<StorePath, Set<StorePath>> ordered = new LinkedHashMap<>();
    for (StorePath key : keys) {
      ordered.put(key, refs.get(key));
    }
    return new ClosureGraph(ordered);
  }

  /**
   * nixpkgs' definition taken literally, sharing nothing with {@link Popularity}: c(x,x) = 1,
   * c(x,q) = 1 + Σ c(ch,q) over the children ch of x that reach q, memoised per path; the
   * popularity of q is Σ c(r,q) over the roots r.
   */
  static Map<StorePath, BigInteger> bruteForce(ClosureGraph graph) {
    Set<StorePath> referenced = new HashSet<>();
    graph.references().values().forEach(referenced::addAll);
    Map<StorePath, Map<StorePath, BigInteger>> memo = new HashMap<>();
    Map<StorePath, BigInteger> popularity = new HashMap<>();
    for (StorePath root : graph.paths()) {
      if (!referenced.contains(root)) {
        counts(graph, root, memo).forEach((q, c) -> popularity.merge(q, c, BigInteger::add));
      }
    }
    return popularity;
  }

  private static Map<StorePath, BigInteger> counts(
      ClosureGraph graph, StorePath x, Map<StorePath, Map<StorePath, BigInteger>> memo) {
    Map<StorePath, BigInteger> known = memo.get(x);
    if (known != null) {
      return known;
    }
    Map<StorePath, BigInteger> sums = new HashMap<>();
    for (StorePath child : graph.referencesOf(x)) {
      counts(graph, child, memo).forEach((q, c) -> sums.merge(q, c, BigInteger::add));
    }
    Map<StorePath, BigInteger> mine = new HashMap<>();
    sums.forEach((q, sum) -> mine.put(q, sum.add(BigInteger.ONE)));
    mine.put(x, BigInteger.ONE);
    memo.put(x, mine);
    return mine;
  }

  /** The order nixpkgs sorts into, from the brute-force popularity and StorePath's own order. */
  static List<StorePath> bruteForceOrder(Map<StorePath, BigInteger> popularity) {
    List<StorePath> order = new ArrayList<>(popularity.keySet());
    order.sort(
        (a, b) -> {
          int byCount = popularity.get(b).compareTo(popularity.get(a));
          return byCount != 0 ? byCount : a.compareTo(b);
        });
    return order;
  }
}
