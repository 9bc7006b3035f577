package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.LayerContent;
import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LayerSizesTest {
  private static final StorePath PATH = StorePath.of("/nix/store/" + "1".repeat(32) + "-x-1.0");

  /**
   * A layer whose size is given by a function of its number, recording that it was measured, and
   * keeping {@code kept} bytes.
   */
  private record Measured(int number, Set<Integer> measured, SizeFunction sizes, long kept)
      implements LayerContent {
    @Override
    public long size() throws IOException {
      measured.add(number);
      return sizes.of(number);
    }

    @Override
    public long keptBytes() {
      return kept;
    }

    @Override
    public void writeTo(OutputStream out) {
      throw new UnsupportedOperationException();
    }
  }

  @FunctionalInterface
  private interface SizeFunction {
    long of(int number) throws IOException;
  }

  private static List<Layer> layers(int count, Set<Integer> measured, SizeFunction size) {
    return layers(count, measured, size, LayerSizes.KEPT_BYTES_BUDGET / 2);
  }

  private static List<Layer> layers(
      int count, Set<Integer> measured, SizeFunction size, long kept) {
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      layers.add(new Layer(new Measured(i, measured, size, kept), List.of(PATH)));
    }
    return layers;
  }

  @Test
  void get_givesEachLayersSize_measuringAheadOnlyWhileWhatTheyKeepFitsTheBudget()
      throws Exception {
    Set<Integer> measured = ConcurrentHashMap.newKeySet();
    try (LayerSizes sizes = LayerSizes.measure(layers(10, measured, n -> 10240L * (n + 1)))) {
      assertThat(sizes.get(0)).isEqualTo(10240);
      assertThat(sizes.get(1)).isEqualTo(20480);
      Thread.sleep(200); // time enough to measure further, which the budget must prevent
      assertThat(measured).containsExactlyInAnyOrder(0, 1);
      for (int i = 2; i < 10; i++) {
        sizes.written(i - 2);
        assertThat(sizes.get(i)).isEqualTo(10240L * (i + 1));
        int next = i;
        assertThat(measured).allMatch(n -> n <= next);
      }
    }
  }

  @Test
  void aLayerKeepingMoreThanTheBudget_isStillMeasuredWhenItIsNext() throws Exception {
    Set<Integer> measured = ConcurrentHashMap.newKeySet();
    long overBudget = LayerSizes.KEPT_BYTES_BUDGET + 1;
    try (LayerSizes sizes = LayerSizes.measure(layers(4, measured, n -> 10240, overBudget))) {
      for (int i = 0; i < 4; i++) {
        assertThat(sizes.get(i)).isEqualTo(10240);
        sizes.written(i);
      }
    }
  }

  @Test
  void aMeasurementThatFails_failsTheCallerWithTheSameError() throws Exception {
    Set<Integer> measured = ConcurrentHashMap.newKeySet();
    SizeFunction failing =
        n -> {
          if (n == 1) {
            throw new FloxjException("Store path x is not on disk.");
          }
          return 10240;
        };
    try (LayerSizes sizes = LayerSizes.measure(layers(3, measured, failing))) {
      assertThat(sizes.get(0)).isEqualTo(10240);
      assertThatThrownBy(() -> sizes.get(1))
          .isInstanceOf(FloxjException.class)
          .hasMessage("Store path x is not on disk.");
      assertThatThrownBy(() -> sizes.get(2)).hasMessage("Store path x is not on disk.");
      assertThat(measured).doesNotContain(2); // measuring stops at the first failure
    }
    SizeFunction unreadable =
        n -> {
          throw new IOException("Permission denied");
        };
    try (LayerSizes sizes = LayerSizes.measure(layers(1, measured, unreadable))) {
      assertThatThrownBy(() -> sizes.get(0))
          .isInstanceOf(IOException.class)
          .hasMessage("Permission denied");
    }
  }
}
