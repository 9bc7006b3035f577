package dev.floxj.layering;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A closure as arrays, its paths numbered in topological order: roots first, references later. */
final class Dag {
  private final StorePath[] paths;
  private final int[] childStart;
  private final int[] children;
  private final int rootCount;

  private Dag(StorePath[] paths, int[] childStart, int[] children, int rootCount) {
    this.paths = paths;
    this.childStart = childStart;
    this.children = children;
    this.rootCount = rootCount;
  }

  /**
   * Numbers the graph's paths with Kahn's algorithm.
   *
   * @throws FloxjException if the references form a cycle, which Nix never produces
   */
  static Dag of(ClosureGraph graph) {
    int n = graph.size();
    StorePath[] inGraphOrder = graph.paths().toArray(new StorePath[0]);
    Map<StorePath, Integer> index = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      index.put(inGraphOrder[i], i);
    }
    int[][] refs = new int[n][];
    int[] referrers = new int[n];
    int referrer = 0;
    for (Set<StorePath> references : graph.references().values()) {
      int[] mine = new int[references.size()];
      int at = 0;
      for (StorePath ref : references) {
        mine[at] = index.get(ref);
        referrers[mine[at++]]++;
      }
      refs[referrer++] = mine;
    }

    // The order array doubles as the queue of nodes whose referrers have all been placed; the
    // roots, placed before anything else, keep the graph's order.
    int[] order = new int[n];
    int placed = 0;
    for (int i = 0; i < n; i++) {
      if (referrers[i] == 0) {
        order[placed++] = i;
      }
    }
    int rootCount = placed;
    for (int next = 0; next < placed; next++) {
      for (int child : refs[order[next]]) {
        if (--referrers[child] == 0) {
          order[placed++] = child;
        }
      }
    }
    if (placed < n) {
      throw cycleError(inGraphOrder, refs, referrers);
    }

    int[] position = new int[n];
    StorePath[] paths = new StorePath[n];
    for (int pos = 0; pos < n; pos++) {
      position[order[pos]] = pos;
      paths[pos] = inGraphOrder[order[pos]];
    }
    int[] childStart = new int[n + 1];
    for (int pos = 0; pos < n; pos++) {
      childStart[pos + 1] = childStart[pos] + refs[order[pos]].length;
    }
    int[] children = new int[childStart[n]];
    for (int pos = 0; pos < n; pos++) {
      int at = childStart[pos];
      for (int child : refs[order[pos]]) {
        children[at++] = position[child];
      }
    }
    return new Dag(paths, childStart, children, rootCount);
  }

  int size() {
    return paths.length;
  }

  StorePath path(int node) {
    return paths[node];
  }

  /** The roots are the nodes {@code 0 .. rootCount() - 1}, in the graph's order. */
  int rootCount() {
    return rootCount;
  }

  /** The node's children are {@code child(childStart(node)) .. child(childStart(node + 1) - 1)}. */
  int childStart(int node) {
    return childStart[node];
  }

  int child(int edge) {
    return children[edge];
  }

  /**
   * Every node Kahn's algorithm left over still has a left-over referrer, so walking from
   * referrer to referrer must come back to a node already seen: that stretch is a cycle.
   */
  private static FloxjException cycleError(StorePath[] paths, int[][] refs, int[] referrers) {
    int n = paths.length;
    int[] leftOverReferrer = new int[n];
    int start = -1;
    for (int i = 0; i < n; i++) {
      if (referrers[i] > 0) {
        start = i;
        for (int child : refs[i]) {
          if (referrers[child] > 0) {
            leftOverReferrer[child] = i;
          }
        }
      }
    }
    int[] seenAt = new int[n];
    Arrays.fill(seenAt, -1);
    List<Integer> walk = new ArrayList<>();
    int node = start;
    while (seenAt[node] < 0) {
      seenAt[node] = walk.size();
      walk.add(node);
      node = leftOverReferrer[node];
    }
    // The walk went against the references; reversed, it reads referrer -> reference.
    List<Integer> cycle = new ArrayList<>(walk.subList(seenAt[node], walk.size()));
    Collections.reverse(cycle);
    StringBuilder chain = new StringBuilder();
    for (int member : cycle) {
      chain.append(paths[member]).append(" -> ");
    }
    chain.append(paths[cycle.get(0)]);
    return new FloxjException(
        "The store paths' references form a cycle ("
            + chain
            + "), which Nix never produces: check the path information of "
            + paths[cycle.get(0)]
            + ".");
  }
}
