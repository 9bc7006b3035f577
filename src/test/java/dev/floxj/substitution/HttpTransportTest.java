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
          case "/drips" -> {
            // A hostile cache: one byte every 200 ms, never stalling long enough for the stall timeout.
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            for (int i = 0; i < 100 && release.getCount() > 0; i++) {
              out.write('x');
              out.flush();
              Thread.sleep(200);
            }
          }
          case "/endless" -> {
            // Fast enough, but never ending (bounded at 20 s so the test cannot hang).
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            long end = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < end && release.getCount() > 0) {
              out.write(new byte[16 * 1024]);
              out.flush();
              Thread.sleep(20);
            }
          }
          case "/late" -> {
            Thread.sleep(1_500);
            byte[] body = "late".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
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

  private HttpTransport transport(HttpLimits limits, java.util.function.Consumer<String> notices) {
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return new HttpTransport(HttpTransport.newClient(), base, limits, notices);
  }

  @Test
  void read_aCacheDrippingBytes_failsOnTheMinimumThroughput_notAfterMinutes() throws IOException {
    HttpLimits limits = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(5), 100, Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(30));
    try (InputStream in = transport(limits, m -> {}).open("drips").orElseThrow()) {
      long start = System.nanoTime();
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(HttpTimeoutException.class)
          .hasMessageContaining("bytes in 1000 ms, slower than the minimum of 100 bytes/s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void read_aDownloadThatNeverEnds_failsAtTheDeadline() throws IOException {
    HttpLimits limits = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(5), 1, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));
    try (InputStream in = transport(limits, m -> {}).open("endless").orElseThrow()) {
      long start = System.nanoTime();
      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(HttpTimeoutException.class)
          .hasMessage("the download took longer than 2 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
  }

  @Test
  void open_aSlowAnswer_saysWhatItIsStillWaitingFor() throws IOException {
    java.util.List<String> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    HttpLimits limits = new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(5), 1, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMillis(300));
    try (InputStream in = transport(limits, notices::add).open("late").orElseThrow()) {
      assertThat(in.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("late");
    }
    assertThat(notices).containsExactly("still waiting for http://127.0.0.1:" + server.getAddress().getPort() + " (late)…");
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
