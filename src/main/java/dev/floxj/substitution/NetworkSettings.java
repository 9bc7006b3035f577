package dev.floxj.substitution;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How binary caches are reached, from the settings Nix users already have: the proxy variables
 * (as curl reads them), Nix's {@code netrc-file} for the caches' credentials, and a CA bundle
 * ({@code ssl-cert-file}, {@code NIX_SSL_CERT_FILE}, {@code SSL_CERT_FILE}) whose certificates
 * are trusted beside the JRE's own. Files are read, and the HTTP client made, on first use only:
 * a build from the local store never pays for them.
 */
public final class NetworkSettings {
  private static final Pattern PEM =
      Pattern.compile("-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", Pattern.DOTALL);
  private static final NetworkSettings DIRECT = new NetworkSettings(ProxySettings.none(), null, null, null);

  private final ProxySettings proxies;
  private final Path netrcFile;
  private final Path certificateFile;
  private final String certificateSource;
  private Netrc netrc;
  private HttpClient client;
  private IOException clientFailure;

  private NetworkSettings(ProxySettings proxies, Path netrcFile, Path certificateFile, String certificateSource) {
    this.proxies = proxies;
    this.netrcFile = netrcFile;
    this.certificateFile = certificateFile;
    this.certificateSource = certificateSource;
  }

  /** Direct connections, the JRE's trust store, no credentials. */
  public static NetworkSettings direct() {
    return DIRECT;
  }

  /**
   * The settings of {@code environment} and Nix's configuration: nix.conf's {@code
   * ssl-cert-file} before {@code NIX_SSL_CERT_FILE} before {@code SSL_CERT_FILE}; nix.conf's
   * {@code netrc-file}, else {@code $NIX_CONF_DIR/netrc} (default {@code /etc/nix/netrc}).
   */
  public static NetworkSettings of(Map<String, String> environment, NixConfiguration configuration) {
    Path certificates = null;
    String source = null;
    if (configuration.sslCertFile().isPresent()) {
      certificates = Path.of(configuration.sslCertFile().get());
      source = "ssl-cert-file in Nix's configuration";
    } else {
      for (String variable : List.of("NIX_SSL_CERT_FILE", "SSL_CERT_FILE")) {
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
          certificates = Path.of(value);
          source = variable;
          break;
        }
      }
    }
    Path netrc =
        configuration
            .netrcFile()
            .map(Path::of)
            .orElse(Path.of(environment.getOrDefault("NIX_CONF_DIR", "/etc/nix"), "netrc"));
    return new NetworkSettings(ProxySettings.fromEnvironment(environment), netrc, certificates, source);
  }

  /** What could not be used, one sentence each. */
  public List<String> warnings() {
    return proxies.warnings();
  }

  ProxySettings proxies() {
    return proxies;
  }

  /** The netrc credentials for {@code host}, if the netrc file has any. */
  synchronized Optional<Netrc.Credentials> credentials(String host) {
    if (netrc == null) {
      netrc = Netrc.empty();
      if (netrcFile != null) {
        try {
          netrc = Netrc.parse(Files.readString(netrcFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
          // As curl with Nix's optional netrc: a missing or unreadable file means no credentials.
        }
      }
    }
    return netrc.forHost(host);
  }

  /**
   * The HTTP client for these settings, made once.
   *
   * @throws CacheRefusedException when the CA bundle cannot be used
   */
  synchronized HttpClient client(Duration connectTimeout) throws IOException {
    if (clientFailure != null) {
      throw clientFailure;
    }
    if (client == null) {
      try {
        client = newClient(connectTimeout);
      } catch (CacheRefusedException e) {
        clientFailure = e;
        throw e;
      }
    }
    return client;
  }

  private HttpClient newClient(Duration connectTimeout) throws IOException {
    org.slf4j.LoggerFactory.getLogger(NetworkSettings.class)
        .debug(
            "HTTP client: proxies {}, netrc {}, extra CA certificates {}",
            proxies.any() ? "from the environment" : "none set", netrcFile,
            certificateFile == null ? "none" : certificateFile + " (" + certificateSource + ")");
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL);
    if (proxies.any()) {
      builder.proxy(proxies.selector());
      if (System.getProperty("jdk.http.auth.tunneling.disabledSchemes") == null) {
        // curl sends a proxy's Basic credentials for https tunnels too; the JDK refuses by default.
        System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
      }
      builder.authenticator(
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              if (getRequestorType() != RequestorType.PROXY) {
                return null;
              }
              return proxies
                  .endpointAt(getRequestingHost(), getRequestingPort())
                  .filter(endpoint -> endpoint.user() != null)
                  .map(endpoint -> new PasswordAuthentication(endpoint.user(), endpoint.password().toCharArray()))
                  .orElse(null);
            }
          });
    }
    if (certificateFile != null) {
      builder.sslContext(sslContext());
    }
    return builder.build();
  }

  /** The JRE's trusted certificates plus those of the CA bundle. */
  private SSLContext sslContext() throws IOException {
    String text;
    try {
      text = Files.readString(certificateFile, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new CacheRefusedException(
          certificateSource + " names " + certificateFile + ", which cannot be read; point it at a PEM"
              + " file of CA certificates or unset it");
    }
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      List<X509Certificate> extra = new ArrayList<>();
      Matcher matcher = PEM.matcher(text);
      while (matcher.find()) {
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        extra.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
      }
      if (extra.isEmpty()) {
        throw new CacheRefusedException(
            certificateSource + " names " + certificateFile + ", which holds no PEM certificate"
                + " (-----BEGIN CERTIFICATE-----); point it at a CA bundle or unset it");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int alias = 0;
      for (X509Certificate jre : defaultTrust().getAcceptedIssuers()) {
        store.setCertificateEntry("jre-" + alias++, jre);
      }
      for (X509Certificate certificate : extra) {
        store.setCertificateEntry("extra-" + alias++, certificate);
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new CacheRefusedException(
          certificateSource + " names " + certificateFile + ", whose certificates cannot be read ("
              + e.getMessage() + "); point it at a PEM file of CA certificates or unset it");
    }
  }

  private static X509TrustManager defaultTrust() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("the JRE has no X.509 trust manager");
  }
}
