package dev.floxj.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * A binary cache directory served over HTTP on loopback, as a real HTTP cache would serve it,
 * with a log of what was asked and ways to misbehave: fail with a status a number of times,
 * rewrite (tamper with, truncate) a file, gzip-encode narinfos, or send a file slowly (a few
 * bytes, then a pause, again and again: a slow or stalled cache).
 */
public final class CacheServer implements AutoCloseable {
  private final Path root;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Failure> failures = new ArrayList<>();
  private final Map<Predicate<String>, UnaryOperator<byte[]>> rewrites = new ConcurrentHashMap<>();
  private final Map<Predicate<String>, Drip> drips = new ConcurrentHashMap<>();
  private volatile boolean gzipNarInfos;

  private record Drip(int bytes, java.time.Duration pause) {}

  private record Failure(Predicate<String> which, int status, AtomicInteger remaining) {}

  private CacheServer(Path root) throws IOException {
    this.root = root;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Serves {@code root} until closed. */
  public static CacheServer serve(Path root) {
    try {
      return new CacheServer(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The cache's URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every path asked for so far, in order. */
  public List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** How many requests were for NAR files. */
  public long narRequests() {
    return requests().stream().filter(path -> path.startsWith("/nar/")).count();
  }

  /** Answers {@code status} (with no body) to the first {@code times} requests that match. */
  public synchronized CacheServer fail(Predicate<String> which, int status, int times) {
    failures.add(new Failure(which, status, new AtomicInteger(times)));
    return this;
  }

  /** Serves matching files changed by {@code change}. */
  public CacheServer rewrite(Predicate<String> which, UnaryOperator<byte[]> change) {
    rewrites.put(which, change);
    return this;
  }

  /**
   * Sends matching files {@code bytes} at a time with {@code pause} between (a pause of a day is
   * a cache that stalls); the response's headers, with the full length, go out at once.
   */
  public CacheServer drip(Predicate<String> which, int bytes, java.time.Duration pause) {
    drips.put(which, new Drip(bytes, pause));
    return this;
  }

  /** Sends narinfos gzip-compressed, with {@code Content-Encoding: gzip}. */
  public CacheServer gzipNarInfos() {
    gzipNarInfos = true;
    return this;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      Integer status = failure(path);
      if (status != null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      Path file = root.resolve(path.substring(1)).normalize();
      if (!file.startsWith(root) || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = Files.readAllBytes(file);
      for (Map.Entry<Predicate<String>, UnaryOperator<byte[]>> rewrite : rewrites.entrySet()) {
        if (rewrite.getKey().test(path)) {
          body = rewrite.getValue().apply(body);
        }
      }
      if (gzipNarInfos && path.endsWith(".narinfo")) {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
          gzip.write(body);
        }
        body = gzipped.toByteArray();
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
      }
      exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
      Drip drip = drips.entrySet().stream().filter(d -> d.getKey().test(path)).map(Map.Entry::getValue).findFirst().orElse(null);
      try (OutputStream out = exchange.getResponseBody()) {
        if (drip == null) {
          out.write(body);
        } else {
          for (int at = 0; at < body.length; at += drip.bytes()) {
            out.write(body, at, Math.min(drip.bytes(), body.length - at));
            out.flush();
            Thread.sleep(drip.pause().toMillis());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // closed: the client sees the connection drop
      }
    }
  }

  private synchronized Integer failure(String path) {
    for (Failure failure : failures) {
      if (failure.which().test(path) && failure.remaining().getAndDecrement() > 0) {
        return failure.status();
      }
    }
    return null;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
