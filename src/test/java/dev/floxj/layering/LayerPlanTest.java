package dev.floxj.layering;

import static dev.floxj.layering.TestGraphs.graph;
import static dev.floxj.layering.TestGraphs.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LayerPlanTest {

  /** Shaped like the 8-path test store: popularity bootstrap 14, base 8, liba 5, four 2s, app 1. */
  private static final ClosureGraph TEST_STORE =
      graph(
          "app -> alias data.json libb tool",
          "tool -> liba bootstrap",
          "libb -> liba base",
          "liba -> base bootstrap",
          "base -> bootstrap");

  private static final ClosureGraph TEN_THOUSAND = TestGraphs.realistic(7, 10_000, 40_000);

  @Test
  void plan_matchesTestStoreExampleWithFiveLayers() {
    LayerPlan plan = LayerPlan.plan(TEST_STORE, 5);

    assertThat(layerNames(plan))
        .containsExactly(
            List.of("bootstrap"),
            List.of("base"),
            List.of("liba"),
            List.of("alias", "data.json", "libb", "tool", "app"));
    assertThat(names(plan.order()))
        .containsExactly("bootstrap", "base", "liba", "alias", "data.json", "libb", "tool", "app");
  }

  @Test
  void plan_withTwoLayersPutsEverythingInOneStoreLayer() {
    LayerPlan plan = LayerPlan.plan(TEST_STORE, 2);

    assertThat(plan.layers()).containsExactly(plan.order());
  }

  @Test
  void plan_withThreeLayersGivesMostPopularItsOwnLayer() {
    LayerPlan plan = LayerPlan.plan(TEST_STORE, 3);

    assertThat(layerNames(plan))
        .containsExactly(
            List.of("bootstrap"),
            List.of("base", "liba", "alias", "data.json", "libb", "tool", "app"));
  }

  @Test
  void plan_withMoreLayersThanPathsGivesEachPathItsOwnLayer() {
    LayerPlan plan = LayerPlan.plan(TEST_STORE, 100);

    assertThat(plan.layers()).hasSize(8).allSatisfy(layer -> assertThat(layer).hasSize(1));
    assertThat(plan.layers().stream().flatMap(List::stream).toList()).isEqualTo(plan.order());
  }

  @Test
  void cut_withExactlyEnoughLayersGivesEachPathItsOwnLayer() {
    List<StorePath> order = paths("a", "b", "c", "d");

    // maxLayers 5: 4 store layers for 4 paths.
    assertThat(LayerPlan.cut(order, 5))
        .containsExactly(
            List.of(order.get(0)), List.of(order.get(1)), List.of(order.get(2)), List.of(order.get(3)));
  }

  @Test
  void cut_withOnePathTooManySharesTheLastLayer() {
    List<StorePath> order = paths("a", "b", "c", "d", "e");

    assertThat(LayerPlan.cut(order, 5))
        .containsExactly(
            List.of(order.get(0)),
            List.of(order.get(1)),
            List.of(order.get(2)),
            List.of(order.get(3), order.get(4)));
  }

  @Test
  void cut_keepsTheOrderInsideTheSharedLayer() {
    List<StorePath> order = paths("z", "y", "x", "w");

    assertThat(LayerPlan.cut(order, 2)).containsExactly(order);
  }

  @Test
  void plan_ofEmptyGraphHasNoStoreLayers() {
    LayerPlan plan = LayerPlan.plan(ClosureGraph.of(Map.of()), 100);

    assertThat(plan.layers()).isEmpty();
    assertThat(plan.order()).isEmpty();
  }

  @Test
  void plan_allowsDockersLimitOf125() {
    assertThat(LayerPlan.plan(TEST_STORE, 125).layers()).hasSize(8);
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 1, 126, 1000})
  void plan_rejectsMaxLayersOutsideTwoTo125(int maxLayers) {
    assertThatThrownBy(() -> LayerPlan.plan(TEST_STORE, maxLayers))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("between 2")
        .hasMessageContaining("125")
        .hasMessageEndingWith("not " + maxLayers + ".");
  }

  @Test
  void layers_areImmutable() {
    LayerPlan plan = LayerPlan.plan(TEST_STORE, 5);

    assertThatThrownBy(() -> plan.layers().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.layers().get(3).clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> plan.order().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void plan_ofTwentyThousandPathsAndHundredThousandReferences_keepsItsInvariants() {
    // How fast this is belongs to the benchmarks (bench/run.sh, LayeringBenchmark), not here.
    ClosureGraph graph = TestGraphs.realistic(42, 20_000, 100_000);
    assertInvariants(graph, LayerPlan.plan(graph, 100), 100);
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 64, 100, 125})
  void plan_ofTenThousandPathsKeepsInvariants(int maxLayers) {
    assertInvariants(TEN_THOUSAND, LayerPlan.plan(TEN_THOUSAND, maxLayers), maxLayers);
  }

  private static void assertInvariants(ClosureGraph graph, LayerPlan plan, int maxLayers) {
    List<StorePath> flattened = plan.layers().stream().flatMap(List::stream).toList();
    assertThat(flattened).isEqualTo(plan.order());
    assertThat(new HashSet<>(flattened)).isEqualTo(graph.paths()).hasSize(flattened.size());
    assertThat(plan.layers()).hasSize(Math.min(maxLayers - 1, graph.size()));
    assertThat(plan.layers().subList(0, plan.layers().size() - 1))
        .allSatisfy(layer -> assertThat(layer).hasSize(1));

    BigInteger previous = null;
    StorePath previousPath = null;
    for (StorePath path : plan.order()) {
      BigInteger popularity = plan.popularity().get(path);
      assertThat(popularity).isPositive();
      if (previous != null) {
        assertThat(popularity).isLessThanOrEqualTo(previous);
        if (popularity.equals(previous)) {
          assertThat(path).isGreaterThan(previousPath);
        }
      }
      previous = popularity;
      previousPath = path;
    }
    // A path is at least as popular as any path that refers to it.
    graph
        .references()
        .forEach(
            (path, refs) ->
                refs.forEach(
                    ref ->
                        assertThat(plan.popularity().get(ref))
                            .isGreaterThan(plan.popularity().get(path))));
  }

  private static List<List<String>> layerNames(LayerPlan plan) {
    return plan.layers().stream().map(TestGraphs::names).toList();
  }

  private static List<StorePath> paths(String... names) {
    return Arrays.stream(names).map(TestGraphs::path).toList();
  }
}
