package dev.floxj.output;

import dev.floxj.image.ImageLayer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The sizes of an image's layers, measured in layer order on a thread of their own: measuring a
 * store layer walks its files' metadata, which can then overlap with streaming the layers before
 * it. One layer is measured at a time, and only a few layers ahead of the one being streamed:
 * racing through all of them at the start would run the walk before the JIT has compiled it.
 */
final class LayerSizes implements AutoCloseable {
  /** How many layers are measured ahead of the one asked for. */
  static final int LOOKAHEAD = 2;

  private final List<ImageLayer> layers;
  private final ExecutorService measurer;
  private final List<Future<Long>> sizes = new ArrayList<>();

  private LayerSizes(List<ImageLayer> layers, ExecutorService measurer) {
    this.layers = layers;
    this.measurer = measurer;
  }

  /** Starts measuring the first layers. */
  static LayerSizes measure(List<ImageLayer> layers) {
    ExecutorService measurer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "floxj-measure-layers");
              thread.setDaemon(true); // never keeps a failed run alive
              return thread;
            });
    LayerSizes sizes = new LayerSizes(List.copyOf(layers), measurer);
    sizes.submitUpTo(LOOKAHEAD);
    return sizes;
  }

  private void submitUpTo(int index) {
    while (sizes.size() <= index && sizes.size() < layers.size()) {
      ImageLayer layer = layers.get(sizes.size());
      sizes.add(
          measurer.submit(
              () -> {
                try {
                  return layer.content().size();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }));
    }
  }

  /**
   * The size of layer {@code index} (from 0), waiting for its measurement if need be; asked for
   * in order, each call lets the measurement of one more layer start.
   */
  long get(int index) throws IOException {
    submitUpTo(index + LOOKAHEAD);
    try {
      return sizes.get(index).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while measuring layer " + (index + 1));
    } catch (ExecutionException e) {
      // The measurement's own failure (e.g. a store path missing on disk), as if thrown here.
      Throwable cause = e.getCause();
      if (cause instanceof UncheckedIOException unchecked) {
        throw unchecked.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IOException("measuring layer " + (index + 1) + " failed: " + cause, cause);
    }
  }

  /** Stops measuring layers that are no longer needed (after a failure). */
  @Override
  public void close() {
    measurer.shutdownNow();
  }
}
