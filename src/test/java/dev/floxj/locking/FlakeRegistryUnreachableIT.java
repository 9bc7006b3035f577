package dev.floxj.locking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.floxj.FloxjException;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.testing.Prerequisites;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Nix reading a flake through a flake registry on loopback. A registry that cannot be
 * reached at all (offline) makes Nix fail after one attempt, instead of five over ~4.5 s; one that
 * can be reached but fails still gets Nix's usual retries.
 */
class FlakeRegistryUnreachableIT {
  @TempDir Path temp;

  private final List<String> nixLines = new CopyOnWriteArrayList<>();
  private Map<String, String> environment;

  @BeforeEach
  void requireNix() {
    Prerequisites.requireOnPath("nix", "install Debian's nix-bin");
    environment = new HashMap<>();
    environment.put("PATH", System.getenv("PATH"));
    environment.put("HOME", temp.resolve("home").toString());
    environment.put("XDG_CACHE_HOME", temp.resolve("cache").toString()); // no registry cached
    environment.put("NIX_CONF_DIR", temp.resolve("etc-nix").toString());
    environment.put("XDG_CONFIG_HOME", temp.resolve("config").toString());
  }

  private void resolveWithRegistry(String url) {
    environment.put("NIX_CONFIG", "flake-registry = " + url);
    FlakeImageTools.resolve("nixpkgs", TargetSystem.host(), temp.resolve("store"), false, environment, nixLines::add);
  }

  @Test
  void unreachableRegistry_failsAfterOneAttempt_namingIt() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String registry = "http://127.0.0.1:" + closedPort + "/flake-registry.json";

    assertThatThrownBy(() -> resolveWithRegistry(registry))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("nix could not read the flake 'nixpkgs': unable to download '" + registry + "'")
        .hasMessageContaining("Couldn't connect to server");
    assertThat(nixLines).as("nix did not retry").noneMatch(line -> line.contains("retrying"));
  }

  @Test
  void registryThatFails_isTriedAgainWithNixsRetries() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(500, -1);
      exchange.close();
    });
    server.start();
    try {
      String registry = "http://127.0.0.1:" + server.getAddress().getPort() + "/flake-registry.json";

      assertThatThrownBy(() -> resolveWithRegistry(registry))
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("unable to download '" + registry + "'");
      assertThat(requests.get()).as("one probing attempt, then nix's own retries").isGreaterThan(2);
      assertThat(nixLines).anyMatch(line -> line.contains("retrying"));
    } finally {
      server.stop(0);
    }
  }
}
