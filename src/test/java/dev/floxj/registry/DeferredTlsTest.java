package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.floxj.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredTlsTest {
  @TempDir Path temp;

  @Test
  void engines_areTheDefaultContextsOnes() throws Exception {
    SSLEngine deferred = DeferredTls.context().createSSLEngine("registry.example", 443);
    SSLEngine standard = SSLContext.getDefault().createSSLEngine("registry.example", 443);
    assertThat(deferred.getEnabledProtocols()).containsExactly(standard.getEnabledProtocols());
    assertThat(deferred.getEnabledCipherSuites()).containsExactly(standard.getEnabledCipherSuites());
  }

  @Test
  void aClientBuiltWithIt_stillRefusesACertificateNobodyTrusts() throws Exception {
    TestCertificates certificates = TestCertificates.in(temp);
    certificates.selfSignedServer();
    HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(DeferredTls.context()).sslParameters(DeferredTls.parameters()).build();
      URI uri = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
      assertThatThrownBy(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(SSLHandshakeException.class);
    } finally {
      server.stop(0);
    }
  }
}
