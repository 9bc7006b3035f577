package dev.floxj.layering;

import static dev.floxj.layering.TestGraphs.byName;
import static dev.floxj.layering.TestGraphs.graph;
import static dev.floxj.layering.TestGraphs.names;
import static dev.floxj.layering.TestGraphs.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PopularityTest {

  @Test
  void popularity_matchesNixpkgsChainOracle() {
    ClosureGraph graph = graph("A -> B G", "B -> C E", "C -> D E", "D -> F", "E -> F");

    Popularity popularity = Popularity.compute(graph);

    assertThat(byName(popularity))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("F", 9L, "E", 5L, "D", 4L, "C", 3L, "B", 2L, "G", 2L, "A", 1L));
  }

  @Test
  void popularity_matchesNixpkgsFooBarBazTuxOracle() {
    ClosureGraph graph = graph("foo -> bar baz", "bar -> baz", "baz -> tux");

    Popularity popularity = Popularity.compute(graph);

    assertThat(byName(popularity))
        .containsExactly(
            Map.entry("tux", 6L), Map.entry("baz", 4L), Map.entry("bar", 2L), Map.entry("foo", 1L));
  }

  @Test
  void order_breaksTiesByPackageNameAscending() {
    ClosureGraph graph = graph("foo -> baz", "bar -> tux");

    Popularity popularity = Popularity.compute(graph);

    assertThat(byName(popularity))
        .containsExactlyInAnyOrderEntriesOf(Map.of("foo", 1L, "bar", 1L, "baz", 2L, "tux", 2L));
    assertThat(names(popularity.order())).containsExactly("baz", "tux", "bar", "foo");
  }

  @Test
  void order_sameNameIsDecidedByHash() {
    StorePath low = StorePath.of("00000000000000000000000000000000-same");
    StorePath high = StorePath.of("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz-same");
    ClosureGraph graph = ClosureGraph.of(Map.of(high, List.of(), low, List.of()));

    assertThat(Popularity.compute(graph).order()).containsExactly(low, high);
  }

  @Test
  void roots_areThePathsNothingRefersTo() {
    ClosureGraph graph = graph("tool -> lib", "app -> tool lib", "docs", "lib -> libc");

    Popularity popularity = Popularity.compute(graph);

    // tool is a top-level package too, but app refers to it, so it is not a root.
    assertThat(names(popularity.roots())).containsExactly("app", "docs");
  }

  @Test
  void popularity_sumsOverSeveralRoots() {
    ClosureGraph graph = graph("app1 -> lib", "app2 -> lib", "lib -> libc");

    assertThat(byName(Popularity.compute(graph)))
        .containsExactly(
            Map.entry("libc", 6L),
            Map.entry("lib", 4L),
            Map.entry("app1", 1L),
            Map.entry("app2", 1L));
  }

  @Test
  void popularity_ofEmptyGraphIsEmpty() {
    Popularity popularity = Popularity.compute(ClosureGraph.of(Map.of()));

    assertThat(popularity.order()).isEmpty();
    assertThat(popularity.roots()).isEmpty();
  }

  @Test
  void get_rejectsPathOutsideClosure() {
    Popularity popularity = Popularity.compute(graph("a -> b"));

    assertThatThrownBy(() -> popularity.get(path("c")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void compute_rejectsCycleNamingItsPaths() {
    ClosureGraph graph = graph("app -> x", "x -> y", "y -> z", "z -> x", "z -> leaf");

    assertThatThrownBy(() -> Popularity.compute(graph))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("cycle")
        .hasMessageContaining(path("x").path() + " -> " + path("y").path())
        .hasMessageContaining(path("z").path() + " -> " + path("x").path())
        .hasMessageNotContaining(path("app").path())
        .hasMessageNotContaining(path("leaf").path());
  }

  @Test
  void compute_rejectsClosureThatIsOneBigCycle() {
    // No path is a root at all here.
    ClosureGraph graph = graph("a -> b", "b -> a");

    assertThatThrownBy(() -> Popularity.compute(graph))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(path("a").path());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 10, 40, 64, 65, 100, 130, 200, 300})
  void popularity_matchesBruteForceOnRandomDags(int size) {
    // From mostly separate roots with few references to deep, tangled graphs.
    for (double referencesPerPath : new double[] {0.3, 1, 3, 8, 20}) {
      for (long seed = 1; seed <= 3; seed++) {
        double density = Math.min(1.0, referencesPerPath / size);
        ClosureGraph graph = TestGraphs.randomDag(seed * 1000 + size, size, density);

        assertMatchesBruteForce(graph);
      }
    }
  }

  @Test
  void popularity_matchesBruteForceWhenWalkCountsOverflowLong() {
    ClosureGraph graph = TestGraphs.ladder(150);

    Popularity popularity = assertMatchesBruteForce(graph);

    // 2^149 walks reach the bottom rung alone.
    assertThat(popularity.get(path("a149")).bitLength()).isGreaterThan(149);
  }

  @Test
  void popularity_matchesBruteForceOnDenseDeepDag() {
    // Every node refers to every later node: walk counts are powers of two, up to 2^298.
    ClosureGraph graph = TestGraphs.randomDag(7, 300, 1.0);

    Popularity popularity = assertMatchesBruteForce(graph);

    assertThat(popularity.order().get(0).name()).isEqualTo("n7-299");
    assertThat(popularity.get(popularity.order().get(0))).isGreaterThan(BigInteger.TWO.pow(298));
  }

  private static Popularity assertMatchesBruteForce(ClosureGraph graph) {
    Map<StorePath, BigInteger> expected = TestGraphs.bruteForce(graph);

    Popularity popularity = Popularity.compute(graph);

    assertThat(popularity.asMap()).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(popularity.order()).isEqualTo(TestGraphs.bruteForceOrder(expected));
    return popularity;
  }
}
