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

/**
 * A binary cache over HTTP(S). 404 and 403 mean "not here" (S3 answers 403); 5xx, 408, 429 and
 * network errors are transient; other statuses are refusals. Proxies, credentials and extra CA
 * certificates come from {@link NetworkSettings}. A response that sends no data for
 * {@link #STALL_TIMEOUT} fails, so that a stalled connection is retried instead of hanging.
 */
final class HttpTransport implements CacheTransport {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
  static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

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
  private final Duration stallTimeout;

  /** @param base the cache's root, ending in {@code /} */
  HttpTransport(NetworkSettings network, URI base) {
    this(network, null, base, STALL_TIMEOUT);
  }

  /** @param client the client to use, or null for the network settings' one */
  HttpTransport(HttpClient client, URI base, Duration stallTimeout) {
    this(NetworkSettings.direct(), client, base, stallTimeout);
  }

  HttpTransport(NetworkSettings network, HttpClient client, URI base, Duration stallTimeout) {
    this.network = network;
    this.client = client;
    this.base = base;
    this.stallTimeout = stallTimeout;
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
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(RESPONSE_TIMEOUT).GET();
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
    try {
      HttpClient http = client != null ? client : network.client(CONNECT_TIMEOUT);
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while asking " + uri);
    }
    int status = response.statusCode();
    if (status == 200) {
      InputStream body = new StallGuard(response.body(), stallTimeout);
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
   * Fails a read that waits longer than the timeout, by closing the stream beneath: Java's HTTP
   * client does not wake a blocked read on interrupt, but does on close. An interrupted thread's
   * next read fails, so stopping a download takes effect at once.
   */
  private static final class StallGuard extends FilterInputStream {
    private final long timeoutMillis;

    StallGuard(InputStream in, Duration timeout) {
      super(in);
      this.timeoutMillis = timeout.toMillis();
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
              timeoutMillis,
              TimeUnit.MILLISECONDS);
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        if (fired.get()) {
          throw new HttpTimeoutException("no data for " + timeoutMillis + " ms");
        }
        throw e;
      } finally {
        alarm.cancel(false);
      }
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
