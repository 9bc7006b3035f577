package dev.floxj.cli;

import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Platform;
import dev.floxj.store.StorePath;
import dev.floxj.target.WriteProgress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The streamer's messages of nixpkgs and flox 0.x on stderr ({@code Creating layer N from paths:
 * [...]}, the path list shortened unless {@code -v}: the leftover layer's list ran to 7 KB), and
 * on a terminal a status line while the layers are written: layers, bytes and rate, redrawn five
 * times a second by a daemon thread that only reads the byte count.
 */
final class ProgressMessages implements WriteProgress, AutoCloseable {
  /** Paths shown of a long list without -v. */
  static final int SHOWN_PATHS = 3;

  private static final long REDRAW_MILLIS = 200;

  private final Console console;
  private final boolean terminal;
  private ScheduledExecutorService ticker;
  private volatile int layers;
  private volatile int current;
  private long startNanos;

  ProgressMessages(Console console, boolean terminal) {
    this.console = console;
    this.terminal = terminal;
  }

  @Override
  public synchronized void started(int layers, LongSupplier bytesWritten) {
    this.layers = layers;
    if (!terminal || ticker != null) {
      return;
    }
    startNanos = System.nanoTime();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "floxj-write-progress");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(
        () -> console.status("layers", line(current, this.layers, bytesWritten.getAsLong(), System.nanoTime() - startNanos)),
        REDRAW_MILLIS,
        REDRAW_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public void platform(Platform platform, int number, int count) {
    console.info("Writing the " + platform + " image (platform " + number + " of " + count + ")...");
  }

  @Override
  public void storeLayer(int number, List<StorePath> paths) {
    current = number;
    // Python's list repr, as the seed printed it.
    List<StorePath> shown = console.verbose() || paths.size() <= SHOWN_PATHS + 1 ? paths : paths.subList(0, SHOWN_PATHS);
    String list = shown.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", "));
    if (shown.size() < paths.size()) {
      list += ", ... " + (paths.size() - shown.size()) + " more (-v lists them)";
    }
    console.info("Creating layer " + number + " from paths: [" + list + "]");
  }

  @Override
  public void customisationLayer(int number) {
    current = number;
    console.info("Creating layer " + number + " with customisation...");
  }

  @Override
  public void layerWritten(int number, Digest diffId, long size) {
    console.detail("Layer " + number + ": " + diffId + ", " + size + " bytes");
  }

  @Override
  public void manifests() {
    stop();
    console.info("Adding manifests...");
  }

  @Override
  public void done() {
    stop();
    console.info("Done.");
  }

  /** Stops the status line, also when the writing failed. */
  @Override
  public void close() {
    stop();
  }

  private synchronized void stop() {
    if (ticker != null) {
      ticker.shutdownNow();
      try {
        ticker.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ticker = null;
      console.status("layers", "");
    }
  }

  /** {@code Writing layer 3/12, 45.0 MiB, 90.1 MiB/s}. */
  static String line(int layer, int layers, long bytes, long elapsedNanos) {
    double seconds = Math.max(elapsedNanos / 1e9, 0.001);
    return String.format(Locale.ROOT, "Writing layer %d/%d, %s, %s/s", layer, layers,
        DownloadProgress.amount(bytes), DownloadProgress.amount((long) (bytes / seconds)));
  }
}
