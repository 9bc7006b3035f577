package dev.floxj.layering;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.List;

/**
 * The store layers of an image, bottom first: the popularity order cut into at most {@code
 * maxLayers - 1} layers, leaving the last one for the customisation layer the caller adds.
 *
 * <p>Follows nixpkgs' 2025 flow: the contest runs on the closure alone, without the generated
 * config and customisation layer as extra roots (older nixpkgs included them, which changes the
 * order only when one content item is also a dependency of another).
 */
public record LayerPlan(Popularity popularity, List<List<StorePath>> layers) {
  /** One store layer plus the customisation layer. */
  public static final int MIN_MAX_LAYERS = 2;

  /** Classic Docker refuses an image's 126th layer ("max depth exceeded"). */
  public static final int MAX_MAX_LAYERS = 125;

  public LayerPlan {
    layers = layers.stream().map(List::copyOf).toList();
  }

  /** Runs the popularity contest on the graph and cuts its order into layers. */
  public static LayerPlan plan(ClosureGraph graph, int maxLayers) {
    checkMaxLayers(maxLayers);
    Popularity popularity = Popularity.compute(graph);
    return new LayerPlan(popularity, cut(popularity.order(), maxLayers));
  }

  /**
   * The first {@code maxLayers - 2} paths of the order get a layer each (the most popular at the
   * bottom, where it is most likely shared with other images); the rest share one more layer.
   */
  public static List<List<StorePath>> cut(List<StorePath> order, int maxLayers) {
    checkMaxLayers(maxLayers);
    int storeLayers = maxLayers - 1;
    int singles = Math.min(order.size(), storeLayers - 1);
    List<List<StorePath>> layers = new ArrayList<>();
    for (StorePath path : order.subList(0, singles)) {
      layers.add(List.of(path));
    }
    if (singles < order.size()) {
      layers.add(List.copyOf(order.subList(singles, order.size())));
    }
    return List.copyOf(layers);
  }

  /** Every path of the closure, most popular first: the order the layers were cut from. */
  public List<StorePath> order() {
    return popularity.order();
  }

  private static void checkMaxLayers(int maxLayers) {
    if (maxLayers < MIN_MAX_LAYERS || maxLayers > MAX_MAX_LAYERS) {
      throw new FloxjException(
          "The maximum number of layers must be between "
              + MIN_MAX_LAYERS
              + " (one store layer and the customisation layer) and "
              + MAX_MAX_LAYERS
              + " (Docker refuses more), not "
              + maxLayers
              + ".");
    }
  }
}
