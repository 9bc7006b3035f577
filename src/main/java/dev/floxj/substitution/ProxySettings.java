package dev.floxj.substitution;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The proxies of the environment, read the way curl (and so Nix) reads them: {@code http_proxy}
 * for http URLs (lower case only, as curl, since {@code HTTP_PROXY} can be set by a web request in
 * CGI), {@code https_proxy} or {@code HTTPS_PROXY} for https, {@code all_proxy} or {@code
 * ALL_PROXY} for both otherwise, and {@code no_proxy} or {@code NO_PROXY} for the hosts reached
 * directly. Java's own {@code -Dhttp.proxyHost} options know nothing of these variables, hence
 * this class. Only HTTP proxies can be used (Java's HTTP client has no SOCKS); others are dropped
 * with a warning instead of silently connecting directly.
 */
public final class ProxySettings {
  /** A proxy for one scheme: its address and the credentials its URL carried, if any. */
  record Endpoint(String variable, InetSocketAddress address, String user, String password) {}

  private final Endpoint http;
  private final Endpoint https;
  private final List<String> noProxy;
  private final List<String> warnings;

  private ProxySettings(Endpoint http, Endpoint https, List<String> noProxy, List<String> warnings) {
    this.http = http;
    this.https = https;
    this.noProxy = List.copyOf(noProxy);
    this.warnings = List.copyOf(warnings);
  }

  /** No proxy at all. */
  public static ProxySettings none() {
    return new ProxySettings(null, null, List.of(), List.of());
  }

  /** The proxies {@code environment} names. */
  public static ProxySettings fromEnvironment(Map<String, String> environment) {
    List<String> warnings = new ArrayList<>();
    Endpoint all = endpoint(environment, warnings, "all_proxy", "ALL_PROXY");
    Endpoint http = endpoint(environment, warnings, "http_proxy");
    Endpoint https = endpoint(environment, warnings, "https_proxy", "HTTPS_PROXY");
    String noProxy = first(environment, "no_proxy", "NO_PROXY");
    List<String> hosts = new ArrayList<>();
    if (noProxy != null) {
      for (String entry : noProxy.split("[,\\s]+")) {
        String host = entry.trim().toLowerCase(Locale.ROOT);
        if (host.startsWith(".")) {
          host = host.substring(1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        if (!host.isEmpty()) {
          hosts.add(host);
        }
      }
    }
    return new ProxySettings(http != null ? http : all, https != null ? https : all, hosts, warnings);
  }

  /** What could not be used, one sentence each. */
  public List<String> warnings() {
    return warnings;
  }

  /** Whether any proxy is set. */
  boolean any() {
    return http != null || https != null;
  }

  /** The proxy for {@code uri}, or empty for a direct connection. */
  Optional<Endpoint> forUri(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Endpoint endpoint = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    if (endpoint == null || uri.getHost() == null || bypasses(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of(endpoint);
  }

  /** Whether {@code host} is one of {@code no_proxy}'s: itself, a subdomain, or in a CIDR range. */
  boolean bypasses(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    for (String entry : noProxy) {
      if (entry.equals("*") || name.equals(entry) || name.endsWith("." + entry) || inRange(name, entry)) {
        return true;
      }
    }
    return false;
  }

  /** The selector Java's HTTP client asks. */
  ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        return forUri(uri)
            .map(endpoint -> List.of(new Proxy(Proxy.Type.HTTP, endpoint.address())))
            .orElse(List.of(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // The request fails with the connection's own error; there is no other proxy to try.
      }
    };
  }

  /** The endpoint whose address is {@code address}, for its credentials. */
  Optional<Endpoint> endpointAt(String host, int port) {
    for (Endpoint endpoint : new Endpoint[] {http, https}) {
      if (endpoint != null
          && endpoint.address().getPort() == port
          && endpoint.address().getHostString().equalsIgnoreCase(host)) {
        return Optional.of(endpoint);
      }
    }
    return Optional.empty();
  }

  private static Endpoint endpoint(Map<String, String> environment, List<String> warnings, String... names) {
    String variable = null;
    String value = null;
    for (String name : names) {
      String candidate = environment.get(name);
      if (candidate != null && !candidate.isBlank()) {
        variable = name;
        value = candidate.trim();
        break;
      }
    }
    if (value == null) {
      return null;
    }
    String text = value.contains("://") ? value : "http://" + value;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      warnings.add("Ignoring " + variable + "='" + value + "': it is not a proxy URL like http://proxy.example:3128.");
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      warnings.add(
          "Ignoring " + variable + "='" + value + "': floxj can use only http:// proxies, not " + scheme
              + "://; set it to an HTTP proxy or unset it.");
      return null;
    }
    if (uri.getHost() == null) {
      warnings.add("Ignoring " + variable + "='" + value + "': it names no host.");
      return null;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : 1080; // curl's default proxy port
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = colon < 0 ? info : info.substring(0, colon);
      password = colon < 0 ? "" : info.substring(colon + 1);
    }
    return new Endpoint(variable, InetSocketAddress.createUnresolved(uri.getHost(), port), user, password);
  }

  private static String first(Map<String, String> environment, String... names) {
    for (String name : names) {
      String value = environment.get(name);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  /** {@code entry} is an address range like 10.0.0.0/8 and {@code host} a literal address in it. */
  private static boolean inRange(String host, String entry) {
    int slash = entry.indexOf('/');
    if (slash < 0 || !isLiteralAddress(host) || !isLiteralAddress(entry.substring(0, slash))) {
      return false;
    }
    try {
      byte[] address = InetAddress.getByName(host).getAddress();
      byte[] network = InetAddress.getByName(entry.substring(0, slash)).getAddress();
      int bits = Integer.parseInt(entry.substring(slash + 1));
      if (address.length != network.length || bits < 0 || bits > address.length * 8) {
        return false;
      }
      for (int bit = 0; bit < bits; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /** A literal IPv4 or IPv6 address, which {@link InetAddress#getByName} parses without DNS. */
  private static boolean isLiteralAddress(String text) {
    return text.matches("[0-9.]+") || (text.contains(":") && text.matches("[0-9a-fA-F:.]+"));
  }
}
