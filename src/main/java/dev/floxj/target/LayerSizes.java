package dev.floxj.target;

import dev.floxj.image.model.Layer;
import dev.floxj.image.model.LayerContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

/**
 * The sizes of an image's layers, measured in layer order on a thread of their own, as far ahead
 * of the layer being streamed as memory allows: measuring a store layer walks its files'
 * metadata, which then overlaps with streaming the layers before it, and a big layer is measured
 * long before its turn. What measured layers keep for writing ({@link
 * LayerContent#keptBytes()}) is bounded by {@link #KEPT_BYTES_BUDGET} in total; beyond it,
 * measuring waits for layers to be written.
 */
public final class LayerSizes implements AutoCloseable {
  /** At most this much memory is kept by measured layers that wait to be written. */
  public static final long KEPT_BYTES_BUDGET = 4 << 20;

  private final List<Layer> layers;
  private final long[] sizes;
  private final long[] kept;
  private final Thread measurer;
  // Guarded by this.
  private int measured; // layers [0, measured) have a size
  private int written; // layers [0, written) no longer keep anything
  private long keptTotal;
  private Throwable failure; // of measuring layer `measured`

  private LayerSizes(List<Layer> layers) {
    this.layers = List.copyOf(layers);
    this.sizes = new long[layers.size()];
    this.kept = new long[layers.size()];
    this.measurer = new Thread(this::measureAll, "floxj-measure-layers");
    measurer.setDaemon(true); // never keeps a failed run alive
  }

  /** Starts measuring the layers. */
  public static LayerSizes measure(List<Layer> layers) {
    LayerSizes sizes = new LayerSizes(layers);
    sizes.measurer.start();
    return sizes;
  }

  private void measureAll() {
    try {
      for (int i = 0; i < layers.size(); i++) {
        synchronized (this) {
          // The next layer to be written is always measured, so the budget cannot deadlock.
          while (i > written && keptTotal >= KEPT_BYTES_BUDGET) {
            wait();
          }
        }
        LayerContent content = layers.get(i).content();
        long size;
        try {
          size = content.size();
        } catch (IOException | RuntimeException | Error e) {
          synchronized (this) {
            failure = e;
            notifyAll();
          }
          return;
        }
        synchronized (this) {
          sizes[i] = size;
          kept[i] = content.keptBytes();
          keptTotal += kept[i];
          measured = i + 1;
          notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // closed: nothing more is needed
    }
  }

  /** The size of layer {@code index} (from 0), waiting for its measurement if need be. */
  public synchronized long get(int index) throws IOException {
    try {
      while (measured <= index && failure == null) {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while measuring layer " + (index + 1));
    }
    if (measured <= index) {
      throw rethrown(failure); // the measurement's own failure, as if thrown here
    }
    return sizes[index];
  }

  /** Layer {@code index} has been written: what it kept is freed, later layers may be measured. */
  public synchronized void written(int index) {
    while (written <= index) {
      keptTotal -= kept[written++];
    }
    notifyAll();
  }

  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw (Error) failure;
  }

  /** Stops measuring layers that are no longer needed (after a failure). */
  @Override
  public void close() {
    measurer.interrupt();
  }
}
