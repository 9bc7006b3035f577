package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientThreadsTest {
  @Test
  void stoppingEndsTheSelectorThreadOfAClientThatHasTalkedToAServer() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient client = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(200);
      List<Thread> selectors = selectorThreads();
      assertThat(selectors).isNotEmpty();

      HttpClientThreads.stop();

      for (Thread selector : selectors) {
        selector.join(5_000);
        assertThat(selector.isAlive()).as(selector.getName()).isFalse();
      }
    } finally {
      server.stop(0);
    }
  }

  private static List<Thread> selectorThreads() {
    List<Thread> found = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().endsWith("-SelectorManager")) {
        found.add(thread);
      }
    }
    return found;
  }
}
