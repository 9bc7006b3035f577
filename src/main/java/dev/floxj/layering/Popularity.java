package dev.floxj.layering;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** nixpkgs' popularity contest over a closure: every path's popularity and the resulting order. */
public final class Popularity {
  /*
   * nixpkgs defines c(r,r) = 1 and c(r,q) = 1 + Σ c(ch,q) over the children ch of r that reach q,
   * and popularity(q) = Σ c(r,q) over the roots r. Unrolling the recursion, c(r,q) counts the
   * walks from r to the nodes that reach q (q included, the empty walk included), so
   *
   *   popularity(q) = Σ W(y) over y in {q} ∪ ancestors(q),
   *
   * where W(y) is the number of walks from any root to y: W(root) = 1, then one pass in
   * topological order. The sums over ancestor sets are done BLOCK targets at a time: a bit mask
   * per node says which of the block's targets it reaches (one pass in reverse topological
   * order), W is summed into one table per mask byte indexed by the byte's value, and each table
   * entry is then added to the targets whose bits its value has. That is O(N + E) time per block
   * and O(N) memory: under a second for 20,000 paths and 100,000 references.
   *
   * Walk counts grow exponentially with depth, and the order must be the one Python's unbounded
   * integers give, so the counts are exact fixed-width integers as wide as the sum of all walk
   * counts (which bounds every popularity): a single long in ordinary closures.
   */
  private static final int WORDS = 4;
  private static final int BLOCK = 64 * WORDS;

  private final List<StorePath> roots;
  private final Map<StorePath, BigInteger> popularityInOrder;
  private final List<StorePath> order;

  private Popularity(List<StorePath> roots, Map<StorePath, BigInteger> popularityInOrder) {
    this.roots = roots;
    this.popularityInOrder = popularityInOrder;
    this.order = List.copyOf(popularityInOrder.keySet());
  }

  /**
   * Runs the contest on every path of the graph.
   *
   * @throws FloxjException if the references form a cycle, which Nix never produces
   */
  public static Popularity compute(ClosureGraph graph) {
    Dag dag = Dag.of(graph);
    int n = dag.size();
    WideCounts sums = ancestorSums(dag, walkCounts(dag));

    Integer[] nodes = new Integer[n];
    BigInteger[] popularity = new BigInteger[n];
    byte[][] keys = new byte[n][];
    for (int node = 0; node < n; node++) {
      nodes[node] = node;
      popularity[node] = sums.get(node);
      keys[node] = dag.path(node).packageNameKey().getBytes(StandardCharsets.US_ASCII);
    }
    // StorePath.compareTo's tie-break, with each key computed once rather than per comparison.
    Arrays.sort(
        nodes,
        (a, b) -> {
          int byCount = popularity[b].compareTo(popularity[a]);
          return byCount != 0 ? byCount : Arrays.compare(keys[a], keys[b]);
        });
    Map<StorePath, BigInteger> inOrder = new LinkedHashMap<>(n * 2);
    for (int node : nodes) {
      inOrder.put(dag.path(node), popularity[node]);
    }
    List<StorePath> roots = new ArrayList<>();
    for (int root = 0; root < dag.rootCount(); root++) {
      roots.add(dag.path(root));
    }
    return new Popularity(List.copyOf(roots), Collections.unmodifiableMap(inOrder));
  }

  /** The paths no other path of the closure refers to, in the graph's order. */
  public List<StorePath> roots() {
    return roots;
  }

  /** Every path, most popular first, ties by {@link StorePath#packageNameKey()} ascending. */
  public List<StorePath> order() {
    return order;
  }

  /** Every path's popularity, iterating in {@link #order()}. */
  public Map<StorePath, BigInteger> asMap() {
    return popularityInOrder;
  }

  /** The popularity of one path of the closure. */
  public BigInteger get(StorePath path) {
    BigInteger popularity = popularityInOrder.get(path);
    if (popularity == null) {
      throw new IllegalArgumentException(path + " is not in this closure");
    }
    return popularity;
  }

  /** W: for every node, the number of walks from any root to it. */
  private static WideCounts walkCounts(Dag dag) {
    int n = dag.size();
    BigInteger[] walks = new BigInteger[n];
    Arrays.fill(walks, BigInteger.ZERO);
    Arrays.fill(walks, 0, dag.rootCount(), BigInteger.ONE);
    BigInteger total = BigInteger.ZERO;
    for (int node = 0; node < n; node++) {
      for (int edge = dag.childStart(node); edge < dag.childStart(node + 1); edge++) {
        walks[dag.child(edge)] = walks[dag.child(edge)].add(walks[node]);
      }
      total = total.add(walks[node]);
    }
    WideCounts counts = new WideCounts(n, total);
    for (int node = 0; node < n; node++) {
      counts.set(node, walks[node]);
    }
    return counts;
  }

  /** For every node, the sum of W over the node and all its ancestors. */
  private static WideCounts ancestorSums(Dag dag, WideCounts walks) {
    int n = dag.size();
    WideCounts sums = new WideCounts(n, walks);
    WideCounts tables = new WideCounts(WORDS * 8 * 256, walks);
    long[] masks = new long[n * WORDS];
    for (int lo = 0; lo < n; lo += BLOCK) {
      int hi = Math.min(n, lo + BLOCK);
      // Which of the targets lo..hi-1 each node reaches. Nodes from hi on cannot reach any:
      // references come later in topological order.
      for (int node = hi - 1; node >= 0; node--) {
        int mask = node * WORDS;
        Arrays.fill(masks, mask, mask + WORDS, 0L);
        if (node >= lo) {
          masks[mask + (node - lo) / 64] = 1L << (node - lo);
        }
        for (int edge = dag.childStart(node); edge < dag.childStart(node + 1); edge++) {
          int child = dag.child(edge);
          if (child < hi) {
            for (int word = 0; word < WORDS; word++) {
              masks[mask + word] |= masks[child * WORDS + word];
            }
          }
        }
      }
      // Table entry (byte b, value v) sums W over the nodes whose mask has v as its byte b.
      tables.clear();
      for (int node = 0; node < hi; node++) {
        for (int word = 0; word < WORDS; word++) {
          long mask = masks[node * WORDS + word];
          for (int b = word * 8; mask != 0; b++, mask >>>= 8) {
            int value = (int) (mask & 0xFF);
            if (value != 0) {
              tables.add(b * 256 + value, walks, node);
            }
          }
        }
      }
      for (int b = 0; b * 8 < hi - lo; b++) {
        for (int value = 1; value < 256; value++) {
          for (int bits = value; bits != 0; bits &= bits - 1) {
            int target = lo + b * 8 + Integer.numberOfTrailingZeros(bits);
            if (target >= hi) {
              break; // Past the end of a short last block: nothing was summed here.
            }
            sums.add(target, tables, b * 256 + value);
          }
        }
      }
    }
    return sums;
  }
}
