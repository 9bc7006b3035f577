package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.floxj.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network settings as Nix and curl users have them, against real servers on loopback: a proxy
 * that logs what it is asked, a cache that wants netrc credentials, and a cache whose TLS
 * certificate is signed by a "corporate" CA made with keytool.
 */
class NetworkSettingsTest {
  private static final String CACHE_INFO = "StoreDir: /nix/store\nWantMassQuery: 1\nPriority: 40\n";

  @TempDir Path temp;
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(server -> server.stop(0));
  }

  /** A server answering nix-cache-info, logging each request line as "METHOD URI Host". */
  private HttpServer cache(List<String> log, String requiredAuthorization) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> answer(exchange, log, requiredAuthorization));
    server.start();
    servers.add(server);
    return server;
  }

  private static void answer(HttpExchange exchange, List<String> log, String requiredAuthorization) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      log.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Host")
          + (authorization == null ? "" : " auth=" + authorization));
      if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"cache\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      if (!exchange.getRequestURI().getPath().endsWith("/nix-cache-info")) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = CACHE_INFO.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static String read(HttpTransport transport) throws IOException {
    try (InputStream in = transport.open("nix-cache-info").orElseThrow()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static NetworkSettings settings(Map<String, String> environment, String nixConf) {
    return NetworkSettings.of(environment, NixConfiguration.parse(nixConf));
  }

  private static String local(HttpServer server) {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void httpProxy_carriesTheCacheRequests_evenForAHostOnlyTheProxyKnows() throws IOException {
    List<String> proxyLog = Collections.synchronizedList(new ArrayList<>());
    HttpServer proxy = cache(proxyLog, null);
    NetworkSettings network = settings(Map.of("http_proxy", "http://" + local(proxy)), "");
    HttpTransport transport = new HttpTransport(network, URI.create("http://cache.floxj-test.invalid/"), notice -> {});

    assertThat(read(transport)).isEqualTo(CACHE_INFO);
    // A proxy is asked for the absolute URL: this one never was resolvable from here.
    assertThat(proxyLog).containsExactly("GET http://cache.floxj-test.invalid/nix-cache-info cache.floxj-test.invalid");
  }

  @Test
  void allProxy_inUpperCase_isUsed_andNoProxyHostsGoDirect() throws IOException {
    List<String> proxyLog = Collections.synchronizedList(new ArrayList<>());
    List<String> cacheLog = Collections.synchronizedList(new ArrayList<>());
    HttpServer proxy = cache(proxyLog, null);
    HttpServer direct = cache(cacheLog, null);
    Map<String, String> environment =
        Map.of("ALL_PROXY", local(proxy), "NO_PROXY", "example.org, .127.0.0.1");
    NetworkSettings network = settings(environment, "");

    read(new HttpTransport(network, URI.create("http://" + local(direct) + "/"), notice -> {}));
    read(new HttpTransport(network, URI.create("http://cache.floxj-test.invalid/"), notice -> {}));

    assertThat(cacheLog).hasSize(1);
    assertThat(proxyLog).containsExactly("GET http://cache.floxj-test.invalid/nix-cache-info cache.floxj-test.invalid");
  }

  @Test
  void proxyVariables_followCurl() {
    ProxySettings proxies =
        ProxySettings.fromEnvironment(
            Map.of(
                "HTTP_PROXY", "http://ignored:1", // curl reads http_proxy in lower case only
                "https_proxy", "proxy.corp:3128",
                "no_proxy", "corp.example,10.0.0.0/8,[::1]"));
    assertThat(proxies.forUri(URI.create("http://cache.nixos.org/"))).isEmpty();
    assertThat(proxies.forUri(URI.create("https://cache.nixos.org/")).orElseThrow().address().getPort()).isEqualTo(3128);
    assertThat(proxies.bypasses("corp.example")).isTrue();
    assertThat(proxies.bypasses("cache.corp.example")).isTrue();
    assertThat(proxies.bypasses("notcorp.example")).isFalse();
    assertThat(proxies.bypasses("10.1.2.3")).isTrue();
    assertThat(proxies.bypasses("11.1.2.3")).isFalse();
    assertThat(proxies.bypasses("[::1]")).isTrue();
    assertThat(ProxySettings.fromEnvironment(Map.of("no_proxy", "*", "all_proxy", "http://p:1")).forUri(URI.create("https://a/"))).isEmpty();

    ProxySettings socks = ProxySettings.fromEnvironment(Map.of("all_proxy", "socks5://127.0.0.1:1080"));
    assertThat(socks.any()).isFalse();
    assertThat(socks.warnings()).singleElement().asString().contains("all_proxy", "only http:// proxies");
  }

  @Test
  void netrcFile_ofNixConf_givesTheCacheItsCredentials_andARedirectElsewhereDoesNotCarryThem() throws IOException {
    List<String> otherLog = Collections.synchronizedList(new ArrayList<>());
    HttpServer other = cache(otherLog, null);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    String expected = "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    HttpServer privateCache = cache(log, expected);
    privateCache.createContext("/moved/", exchange -> {
      try (exchange) {
        exchange.getResponseHeaders().add("Location", "http://" + local(other) + "/nix-cache-info");
        exchange.sendResponseHeaders(302, -1);
      }
    });
    Path netrc = temp.resolve("netrc");
    Files.writeString(netrc, "# caches\nmachine 127.0.0.1\n  login alice\n  password s3cret\ndefault login nobody password x\n");
    URI base = URI.create("http://" + local(privateCache) + "/");

    HttpTransport without = new HttpTransport(settings(Map.of("NIX_CONF_DIR", temp.resolve("none").toString()), ""), base, notice -> {});
    assertThatThrownBy(() -> without.open("nix-cache-info"))
        .isInstanceOf(CacheRefusedException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("netrc-file");

    NetworkSettings network = settings(Map.of(), "netrc-file = " + netrc);
    HttpTransport with = new HttpTransport(network, base, notice -> {});
    assertThat(read(with)).isEqualTo(CACHE_INFO);
    assertThat(log).last().asString().endsWith("auth=" + expected);

    try (InputStream in = with.open("moved/x").orElseThrow()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(CACHE_INFO);
    }
    assertThat(otherLog).singleElement().asString().doesNotContain("auth=");
  }

  @Test
  void netrcFile_defaultsToNixConfDir() throws IOException {
    Files.writeString(temp.resolve("netrc"), "machine cache.example login bob password pw");
    NetworkSettings network = settings(Map.of("NIX_CONF_DIR", temp.toString()), "");
    assertThat(network.credentials("CACHE.example")).contains(new Netrc.Credentials("bob", "pw"));
    assertThat(network.credentials("elsewhere")).isEmpty();
  }

  @Test
  void netrc_parsesDefaultAndMacros() {
    Netrc netrc =
        Netrc.parse("machine a login x password y\nmacdef init\nmachine b login evil\n\ndefault\nlogin d password e\n");
    assertThat(netrc.forHost("a")).contains(new Netrc.Credentials("x", "y"));
    assertThat(netrc.forHost("b")).contains(new Netrc.Credentials("d", "e"));
    assertThat(new Netrc.Credentials("x", "secret").toString()).doesNotContain("secret");
  }

  @Test
  void corporateCa_inNixSslCertFile_isTrusted_overLoopbackTls() throws Exception {
    TestCertificates certificates = TestCertificates.in(temp);
    Path caPem = certificates.corporateCaAndServer();
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    server.createContext("/", exchange -> answer(exchange, log, null));
    server.start();
    servers.add(server);
    URI base = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");

    HttpTransport untrusted = new HttpTransport(settings(Map.of(), ""), base, notice -> {});
    assertThatThrownBy(() -> untrusted.open("nix-cache-info"))
        .satisfies(e -> assertThat(Substituters.describe(e)).contains("not trusted", "NIX_SSL_CERT_FILE"));

    // A bundle with text around the certificate, as distributions' bundles have.
    Path bundle = temp.resolve("bundle.pem");
    Files.writeString(bundle, "# Test Corporate CA\n" + Files.readString(caPem) + "\n");
    HttpTransport trusted = new HttpTransport(settings(Map.of("NIX_SSL_CERT_FILE", bundle.toString()), ""), base, notice -> {});
    assertThat(read(trusted)).isEqualTo(CACHE_INFO);

    HttpTransport viaNixConf =
        new HttpTransport(settings(Map.of("SSL_CERT_FILE", "/nonexistent"), "ssl-cert-file = " + bundle), base, notice -> {});
    assertThat(read(viaNixConf)).isEqualTo(CACHE_INFO);
  }

  @Test
  void unreadableCertificateFile_isNamedWithTheVariable() {
    HttpTransport transport =
        new HttpTransport(settings(Map.of("SSL_CERT_FILE", temp.resolve("missing.pem").toString()), ""),
            URI.create("https://127.0.0.1:1/"), notice -> {});
    assertThatThrownBy(() -> transport.open("nix-cache-info"))
        .isInstanceOf(CacheRefusedException.class)
        .hasMessageContaining("SSL_CERT_FILE names " + temp.resolve("missing.pem"))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void failures_areDescribedInCurlsWords() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpTransport refused = new HttpTransport(NetworkSettings.direct(), URI.create("http://127.0.0.1:" + closedPort + "/"), notice -> {});
    assertThatThrownBy(() -> refused.open("nix-cache-info"))
        .satisfies(e -> assertThat(Substituters.describe(e)).isEqualTo("connection refused"));
    HttpTransport unresolved = new HttpTransport(NetworkSettings.direct(), URI.create("http://cache.floxj-test.invalid/"), notice -> {});
    assertThatThrownBy(() -> unresolved.open("nix-cache-info"))
        .satisfies(e -> assertThat(Substituters.describe(e)).isEqualTo("could not resolve host"));
  }
}
