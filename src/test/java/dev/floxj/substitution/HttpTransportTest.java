package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How HTTP answers map to "here", "not here", "try again" and "refused"; and stalls. */
class HttpTransportTest {
  private HttpServer server;
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
          case "/here" -> {
            byte[] body = "content".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
          case "/stalls" -> {
            exchange.sendResponseHeaders(200, 100);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[10]);
            out.flush();
            release.await(30, TimeUnit.SECONDS);
          }
          default -> exchange.sendResponseHeaders(Integer.parseInt(path.substring(1)), -1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  private HttpTransport transport(Duration stallTimeout) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new HttpTransport(HttpTransport.newClient(), base, stallTimeout);
  }

  @Test
  void open_200_givesTheBody_404And403_meanNotHere() throws IOException {
    HttpTransport transport = transport(Duration.ofSeconds(10));
    try (InputStream in = transport.open("here").orElseThrow()) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("content");
    }
    assertThat(transport.open("404")).isEmpty();
    assertThat(transport.open("403")).isEmpty();
  }

  @Test
  void open_serverErrors_areTransient_otherStatusesAreRefusals() {
    HttpTransport transport = transport(Duration.ofSeconds(10));
    assertThatThrownBy(() -> transport.open("503"))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(CacheRefusedException.class)
        .hasMessage("HTTP 503")
        .satisfies(e -> assertThat(Retry.isTransient((IOException) e)).isTrue());
    assertThatThrownBy(() -> transport.open("401"))
        .isInstanceOf(CacheRefusedException.class)
        .hasMessageStartingWith("it answered HTTP 401 (authentication required");
  }

  @Test
  void read_stalledResponse_failsAfterTheStallTimeout() throws IOException {
    HttpTransport transport = transport(Duration.ofMillis(300));
    try (InputStream in = transport.open("stalls").orElseThrow()) {
      assertThat(in.readNBytes(10)).hasSize(10);
      long start = System.nanoTime();
      assertThatThrownBy(in::read).isInstanceOf(HttpTimeoutException.class).hasMessage("no data for 300 ms");
      // Well before the server gives up (30 s): the guard, not the server, ended the read.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }
  }

  @Test
  void read_onAnInterruptedThread_stopsAtOnce() throws IOException {
    HttpTransport transport = transport(Duration.ofSeconds(10));
    try (InputStream in = transport.open("here").orElseThrow()) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class);
    } finally {
      Thread.interrupted();
    }
  }
}
