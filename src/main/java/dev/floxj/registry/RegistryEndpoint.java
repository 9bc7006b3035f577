package dev.floxj.registry;

import java.net.URI;
import java.util.Locale;

/**
 * How floxj talks to one registry: its API base URI and whether certificates are checked. Like
 * Docker, a registry on loopback ({@code localhost}, 127.0.0.0/8, {@code [::1]}) is spoken to
 * over plain HTTP; any other host needs HTTPS unless the user turned verification off
 * ({@code --tls-verify=false}), which also allows plain HTTP there.
 *
 * @param registry the registry's name as users write it (the credential key)
 * @param base {@code scheme://host[:port]} of the API
 * @param verifyTls whether HTTPS certificates are checked
 */
public record RegistryEndpoint(String registry, URI base, boolean verifyTls) {
  /** The endpoint of {@code registry}; {@code verifyTls} false allows plain HTTP. */
  public static RegistryEndpoint of(String registry, boolean verifyTls) {
    String host = RegistryReference.apiHostOf(registry);
    boolean plain = isLoopback(host) || !verifyTls;
    return new RegistryEndpoint(registry, URI.create((plain ? "http://" : "https://") + host), verifyTls);
  }

  /** Whether {@code hostAndPort} names this machine (Docker's insecure-by-default registries). */
  static boolean isLoopback(String hostAndPort) {
    String host = hostAndPort.toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 && host.substring(1, end).equals("::1");
    }
    int colon = host.indexOf(':');
    if (colon >= 0) {
      host = host.substring(0, colon);
    }
    return host.equals("localhost") || host.matches("127(?:\\.[0-9]{1,3}){3}");
  }

  /** The URI of {@code path} (starting with {@code /v2/}) on this registry. */
  public URI resolve(String path) {
    return base.resolve(path);
  }

  /** Whether {@code uri} points at this registry's own host and port (credentials may go there). */
  public boolean sameOrigin(URI uri) {
    return base.getScheme().equalsIgnoreCase(uri.getScheme())
        && base.getHost().equalsIgnoreCase(uri.getHost())
        && port(base) == port(uri);
  }

  private static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
