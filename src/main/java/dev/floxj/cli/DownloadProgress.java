package dev.floxj.cli;

import dev.floxj.store.StorePath;
import dev.floxj.substitution.SubstitutionListener;
import java.util.Locale;

/**
 * Shows downloads from binary caches on stderr: a status line with paths, bytes and rate when
 * stderr is a terminal, else one line per download and a summary; nothing with {@code -q}.
 */
final class DownloadProgress implements SubstitutionListener {
  private static final long REDRAW_NANOS = 100_000_000L;

  private final Console console;
  private final boolean terminal;
  private int planned;
  private int finished;
  private long plannedBytes;
  private long bytes;
  private long startNanos;
  private long lastDrawNanos;

  DownloadProgress(Console console, boolean terminal) {
    this.console = console;
    this.terminal = terminal;
  }

  @Override
  public synchronized void downloadsPlanned(int paths, long size) {
    if (planned == finished) {
      startNanos = System.nanoTime();
      bytes = 0;
      plannedBytes = 0;
      planned = 0;
      finished = 0;
    }
    planned += paths;
    plannedBytes += size;
    draw(true);
  }

  @Override
  public synchronized void downloadStarted(StorePath path, String cache, long size) {
    if (!terminal) {
      console.info("Downloading " + path + " from " + cache + (size >= 0 ? " (" + amount(size) + ")" : "") + "...");
    }
  }

  @Override
  public synchronized void bytesDownloaded(long count) {
    bytes += count;
    draw(false);
  }

  @Override
  public synchronized void downloadFinished(StorePath path) {
    finished++;
    if (finished < planned) {
      draw(true);
      return;
    }
    if (terminal) {
      console.status("downloads", "");
    }
    double seconds = Math.max((System.nanoTime() - startNanos) / 1e9, 0.001);
    console.info(
        String.format(
            Locale.ROOT, "Downloaded %d %s (%s) in %.1f s.", finished, finished == 1 ? "path" : "paths", amount(bytes), seconds));
  }

  @Override
  public void warning(String message) {
    console.warn(message);
  }

  @Override
  public void stillWaiting(String message) {
    console.info(message);
  }

  private void draw(boolean force) {
    if (!terminal) {
      return;
    }
    long now = System.nanoTime();
    if (!force && now - lastDrawNanos < REDRAW_NANOS) {
      return;
    }
    lastDrawNanos = now;
    double seconds = Math.max((now - startNanos) / 1e9, 0.001);
    console.status("downloads", line(finished, planned, bytes, plannedBytes, bytes / seconds));
  }

  /** The status line: a bar over the bytes, then counts and rate. */
  static String line(int finished, int planned, long bytes, long plannedBytes, double bytesPerSecond) {
    int width = 20;
    double fraction = plannedBytes > 0 ? Math.min(1.0, (double) bytes / plannedBytes) : (double) finished / Math.max(planned, 1);
    int filled = (int) Math.round(fraction * width);
    return "Downloading ["
        + "#".repeat(filled)
        + " ".repeat(width - filled)
        + "] "
        + finished
        + "/"
        + planned
        + " paths, "
        + amount(bytes)
        + (plannedBytes > 0 ? " of " + amount(plannedBytes) : "")
        + ", "
        + amount((long) bytesPerSecond)
        + "/s";
  }

  /** A byte count for people: 512 B, 12.3 KiB, 4.5 MiB. */
  static String amount(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
