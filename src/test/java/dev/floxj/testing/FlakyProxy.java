package dev.floxj.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of a real registry that answers some requests with an error
 * status a number of times before letting them through (as a loaded registry or a rate limit
 * does), so that tests see floxj retry. It forwards everything else unchanged, rewriting the
 * registry's upload locations to point back at itself.
 */
public final class FlakyProxy implements AutoCloseable {
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "host", "transfer-encoding", "upgrade", "keep-alive", "expect", "http2-settings");

  private record Failure(String method, String pathPrefix, int status, Map<String, String> headers, AtomicInteger remaining) {}

  private final String target;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
  private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
  private final List<String> failed = Collections.synchronizedList(new ArrayList<>());

  /** @param target the registry's {@code host:port} */
  public FlakyProxy(String target) throws IOException {
    this.target = target;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Answers the next {@code times} requests of {@code method} on paths starting so with {@code status}. */
  public FlakyProxy fail(String method, String pathPrefix, int status, int times, Map<String, String> headers) {
    failures.add(new Failure(method, pathPrefix, status, headers, new AtomicInteger(times)));
    return this;
  }

  /**
   * Redirects the next {@code times} requests of {@code method} on such paths to {@code location}
   * with 307, as registries whose blobs live in object storage do.
   */
  public FlakyProxy redirect(String method, String pathPrefix, String location, int times) {
    return fail(method, pathPrefix, 307, times, Map.of("Location", location));
  }

  /** {@code 127.0.0.1:PORT}. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  /** The requests answered with an error, as {@code "METHOD /path STATUS"}. */
  public List<String> failed() {
    synchronized (failed) {
      return List.copyOf(failed);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      synchronized (failures) {
        for (Failure failure : failures) {
          if (failure.method().equals(method) && path.startsWith(failure.pathPrefix()) && failure.remaining().getAndDecrement() > 0) {
            failed.add(method + " " + path + " " + failure.status());
            failure.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(failure.status(), -1);
            return;
          }
        }
      }
      URI uri = URI.create("http://" + target + exchange.getRequestURI().toString());
      HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase())) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.equals(":status")) {
          for (String value : values) {
            exchange.getResponseHeaders().add(name, name.equalsIgnoreCase("Location") ? value.replace(target, address()) : value);
          }
        }
      });
      byte[] answer = response.body();
      boolean noBody = method.equals("HEAD") || answer.length == 0;
      if (method.equals("HEAD")) {
        response.headers().firstValue("Content-Length").ifPresent(length -> exchange.getResponseHeaders().set("Content-Length", length));
      }
      exchange.sendResponseHeaders(response.statusCode(), noBody ? -1 : answer.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
