package dev.floxj.substitution;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A binary cache over HTTP(S). 404 and 403 mean "not here" (S3 answers 403); 5xx, 408, 429 and
 * network errors are transient; other statuses are refusals. Proxies, credentials and extra CA
 * certificates come from {@link NetworkSettings}. A response that sends no data for the stall
 * timeout, flows slower than the minimum throughput or outlasts the deadline fails with an {@link
 * HttpTimeoutException} ({@link HttpLimits}), so that the next cache is tried instead of floxj
 * hanging; after a few seconds of silence it says what it is waiting for.
 */
final class HttpTransport implements CacheTransport {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpTransport.class);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

  // One timer for every guarded read; reads are long, so scheduling one alarm each is cheap.
  private static final ScheduledThreadPoolExecutor ALARMS = alarms();

  private static ScheduledThreadPoolExecutor alarms() {
    ScheduledThreadPoolExecutor alarms =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "floxj-http-stall-alarm");
              thread.setDaemon(true);
              return thread;
            });
    // Nearly every alarm is cancelled; without this they would wait out their delay in the queue.
    alarms.setRemoveOnCancelPolicy(true);
    return alarms;
  }

  private final NetworkSettings network;
  private final HttpClient client;
  private final URI base;
  private final HttpLimits limits;
  private final Consumer<String> notices;

  /** @param base the cache's root, ending in {@code /} */
  HttpTransport(NetworkSettings network, URI base) {
    this(network, base, message -> {});
  }

  /**
   * @param base the cache's root, ending in {@code /}
   * @param notices hears "still waiting" messages
   */
  HttpTransport(NetworkSettings network, URI base, Consumer<String> notices) {
    this(network, null, base, HttpLimits.fromSystemProperties(), notices);
  }

  /** @param client the client to use, or null for the network settings' one */
  HttpTransport(HttpClient client, URI base, Duration stallTimeout) {
    this(NetworkSettings.direct(), client, base, HttpLimits.DEFAULT.withStallTimeout(stallTimeout), message -> {});
  }

  /** @param client the client to use, or null for the network settings' one */
  HttpTransport(HttpClient client, URI base, HttpLimits limits, Consumer<String> notices) {
    this(NetworkSettings.direct(), client, base, limits, notices);
  }

  HttpTransport(
      NetworkSettings network, HttpClient client, URI base, HttpLimits limits, Consumer<String> notices) {
    this.network = network;
    this.client = client;
    this.base = base;
    this.limits = limits;
    this.notices = notices;
  }

  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  @Override
  public Optional<InputStream> open(String relativePath) throws IOException {
    URI uri = base.resolve(relativePath);
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(limits.responseTimeout()).GET();
    // As curl with a netrc: the credentials go with the request (Java's client drops them on a
    // redirect to another host). Over plain http they cross the network readable, as with curl.
    network
        .credentials(base.getHost())
        .ifPresent(
            credentials ->
                builder.header(
                    "Authorization",
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (credentials.login() + ":" + credentials.password())
                                    .getBytes(StandardCharsets.UTF_8))));
    HttpRequest request = builder.build();
    HttpResponse<InputStream> response;
    // The cache as the user named it (no trailing slash), and the file relative to it.
    String cache = base.toString().endsWith("/") ? base.toString().substring(0, base.toString().length() - 1) : base.toString();
    Runnable waiting = () -> notices.accept("still waiting for " + cache + " (" + relativePath + ")…");
    ScheduledFuture<?> notice = ALARMS.schedule(waiting, limits.waitingNotice().toMillis(), TimeUnit.MILLISECONDS);
    try {
      HttpClient http = client != null ? client : network.client(CONNECT_TIMEOUT);
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking " + uri);
    } finally {
      notice.cancel(false);
    }
    int status = response.statusCode();
    LOG.debug("GET {} -> HTTP {}", uri, status);
    if (status == 200) {
      InputStream body = new StallGuard(response.body(), limits, waiting);
      return Optional.of(
          Decompression.ofContentEncoding(
              response.headers().firstValue("Content-Encoding").orElse(null), body));
    }
    response.body().close();
    if (status == 404 || status == 403) {
      return Optional.empty();
    }
    if (status >= 500 || status == 408 || status == 429) {
      throw new IOException("HTTP " + status);
    }
    if (status == 401 || status == 407) {
      throw new CacheRefusedException(
          "it answered HTTP " + status + (status == 401
              ? " (authentication required: give its credentials in Nix's netrc-file, default /etc/nix/netrc)"
              : " (the proxy wants credentials: put them in the proxy variable, http://user:password@host:port)"));
    }
    throw new CacheRefusedException("it answered HTTP " + status);
  }

  @Override
  public String describe(String relativePath) {
    return base.resolve(relativePath).toString();
  }

  /**
   * Fails a read that waits longer than the stall timeout, a download slower than the minimum
   * throughput over a window, and one that outlasts the deadline, by closing the stream beneath:
   * Java's HTTP client does not wake a blocked read on interrupt, but does on close. An
   * interrupted thread's next read fails, so stopping a download takes effect at once.
   */
  private static final class StallGuard extends FilterInputStream {
    private final long timeoutMillis;
    private final HttpLimits limits;
    private final Runnable waiting;
    private final long startNanos = System.nanoTime();
    private long windowStartNanos = startNanos;
    private long windowBytes;
    private boolean noticed;

    StallGuard(InputStream in, HttpLimits limits, Runnable waiting) {
      super(in);
      this.timeoutMillis = limits.stallTimeout().toMillis();
      this.limits = limits;
      this.waiting = waiting;
    }

    private long millisSince(long nanos) {
      return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The bytes a window must bring at least. */
    private long windowMinimum() {
      return limits.minimumBytesPerSecond() * limits.window().toMillis() / 1000;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int read = read(one, 0, 1);
      return read < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedIOException("the download was stopped");
      }
      // The read may wait until the first of: the stall timeout, the deadline, and the end of a
      // window that has not brought its minimum yet (no later read could change its verdict).
      long untilDeadline = Math.max(1, limits.deadline().toMillis() - millisSince(startNanos));
      long untilWindowEnd =
          windowBytes < windowMinimum()
              ? Math.max(1, limits.window().toMillis() - millisSince(windowStartNanos))
              : Long.MAX_VALUE;
      long delay = Math.min(timeoutMillis, Math.min(untilDeadline, untilWindowEnd));
      AtomicBoolean fired = new AtomicBoolean();
      ScheduledFuture<?> alarm =
          ALARMS.schedule(
              () -> {
                fired.set(true);
                try {
                  in.close();
                } catch (IOException e) {
                  // The read fails either way.
                }
              },
              delay,
              TimeUnit.MILLISECONDS);
      ScheduledFuture<?> notice =
          noticed ? null : ALARMS.schedule(waiting, limits.waitingNotice().toMillis(), TimeUnit.MILLISECONDS);
      int read;
      try {
        read = in.read(b, off, len);
      } catch (IOException e) {
        if (fired.get()) {
          throw timeout(delay);
        }
        throw e;
      } finally {
        alarm.cancel(false);
        if (notice != null && !notice.cancel(false)) {
          noticed = true; // said once per download is enough
        }
      }
      if (fired.get()) {
        throw timeout(delay);
      }
      if (read > 0) {
        windowBytes += read;
      }
      check();
      return read;
    }

    /** Fails when the deadline has passed or the window just ended below the minimum. */
    private void check() throws HttpTimeoutException {
      if (millisSince(startNanos) >= limits.deadline().toMillis()) {
        throw new HttpTimeoutException("the download took longer than " + limits.deadline().toSeconds() + " s");
      }
      if (millisSince(windowStartNanos) >= limits.window().toMillis()) {
        if (windowBytes < windowMinimum()) {
          throw slow();
        }
        windowStartNanos = System.nanoTime();
        windowBytes = 0;
      }
    }

    private HttpTimeoutException timeout(long delay) {
      if (millisSince(startNanos) >= limits.deadline().toMillis()) {
        return new HttpTimeoutException("the download took longer than " + limits.deadline().toSeconds() + " s");
      }
      return delay < timeoutMillis ? slow() : new HttpTimeoutException("no data for " + timeoutMillis + " ms");
    }

    private HttpTimeoutException slow() {
      return new HttpTimeoutException(
          "it sent " + windowBytes + " bytes in " + limits.window().toMillis() + " ms, slower than the minimum of "
              + limits.minimumBytesPerSecond() + " bytes/s");
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] sink = new byte[(int) Math.min(n, 8192)];
      long skipped = 0;
      while (skipped < n) {
        int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
        if (read < 0) {
          break;
        }
        skipped += read;
      }
      return skipped;
    }
  }
}
