package dev.floxj.registry;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Security;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context, set up when a connection first needs it rather than when the
 * HTTP client is built. {@code HttpClient.build()} takes the default context at once, and making
 * it reads and parses the JDK's CA certificates: the largest single item on the main thread of an
 * unchanged re-push to a registry on loopback (JFR: ~40 of 160 samples), which speaks plain HTTP
 * and needs TLS only if it redirects to HTTPS (blob storage) or its token service is HTTPS; those
 * connections get exactly the default context, certificates checked as always. The client is
 * given plain {@link SSLParameters} (nothing set: each engine keeps the default context's
 * protocols and cipher suites), since asking the default context for its parameters would set
 * it up; the one difference is that such a client does not offer HTTP/2 over TLS.
 */
final class DeferredTls extends SSLContextSpi {
  private DeferredTls() {}

  /** A context that becomes the JDK's default one on first use. */
  static SSLContext context() {
    return new SSLContext(new DeferredTls(), Security.getProvider("SunJSSE"), "Default") {};
  }

  /** The parameters to build the client with: none set, the engines' defaults apply. */
  static SSLParameters parameters() {
    return new SSLParameters();
  }

  private static SSLContext real() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has a default TLS context", e);
    }
  }

  @Override
  protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random) throws KeyManagementException {
    throw new KeyManagementException("the default TLS context is initialised by the JDK");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return real().getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return real().getServerSocketFactory();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return real().createSSLEngine();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return real().createSSLEngine(host, port);
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return real().getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return real().getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    return real().getDefaultSSLParameters();
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return real().getSupportedSSLParameters();
  }
}
