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
 * it. One layer is measured at a time.
 */
final class LayerSizes implements AutoCloseable {
  private final ExecutorService measurer;
  private final List<Future<Long>> sizes;

  private LayerSizes(ExecutorService measurer, List<Future<Long>> sizes) {
    this.measurer = measurer;
    this.sizes = sizes;
  }

  /** Starts measuring every layer, first to last. */
  static LayerSizes measure(List<ImageLayer> layers) {
    ExecutorService measurer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "floxj-measure-layers");
              thread.setDaemon(true); // never keeps a failed run alive
              return thread;
            });
    List<Future<Long>> sizes = new ArrayList<>();
    for (ImageLayer layer : layers) {
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
    measurer.shutdown();
    return new LayerSizes(measurer, sizes);
  }

  /** The size of layer {@code index} (from 0), waiting for its measurement if need be. */
  long get(int index) throws IOException {
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
