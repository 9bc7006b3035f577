package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * Certificates for loopback TLS servers in tests, made by the JDK's own keytool (a real
 * certificate tool, not test code that builds DER by hand) in a directory of the test's: a
 * "corporate" CA and a server certificate it signed for 127.0.0.1, or a server certificate that
 * nobody signed. One copy, so that the tests of trust (NetworkSettingsTest) and of the registry's
 * TLS (DeferredTlsTest) build their servers the same way.
 */
public final class TestCertificates {
  private static final String PASSWORD = "changeit";

  private final Path directory;

  private TestCertificates(Path directory) {
    this.directory = directory;
  }

  /** Certificates kept in {@code directory}. */
  public static TestCertificates in(Path directory) {
    return new TestCertificates(directory);
  }

  /**
   * A CA and a server certificate for 127.0.0.1 it signed, in {@code server.p12}; returns the
   * CA's certificate as PEM (what a user puts in {@code NIX_SSL_CERT_FILE}).
   */
  public Path corporateCaAndServer() throws Exception {
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=floxj Test Corporate CA",
        "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-validity", "2", "-keystore", "server.p12");
    keytool("-certreq", "-alias", "server", "-keystore", "server.p12", "-file", "server.csr");
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-infile", "server.csr", "-outfile", "server.pem",
        "-ext", "san=ip:127.0.0.1", "-validity", "2");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-keystore", "server.p12", "-file", "ca.pem");
    keytool("-importcert", "-noprompt", "-alias", "server", "-keystore", "server.p12", "-file", "server.pem");
    return directory.resolve("ca.pem");
  }

  /** A self-signed server certificate for 127.0.0.1, in {@code server.p12}: trusted by nobody. */
  public void selfSignedServer() throws Exception {
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", "server.p12");
  }

  /** A TLS context serving the server certificate of {@code server.p12}. */
  public SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(directory.resolve("server.p12"))) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private void keytool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(arguments));
    command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", arguments) + ": " + output).isZero();
  }
}
