package dev.floxj.substitution;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One binary cache (a substituter): {@code nix-cache-info}, {@code <hash>.narinfo} and the NAR
 * files those point to, under one root URL ({@code https://}, {@code http://} or {@code file://}).
 * A {@code ?priority=N} parameter overrides the cache's own {@code Priority}.
 */
final class BinaryCache {
  private static final int MAX_SMALL_FILE = 1 << 20;

  private final String url;
  private final URI base;
  private final CacheTransport transport;
  private final Integer priorityParameter;
  private int priority;
  private boolean opened;

  private BinaryCache(String url, URI base, CacheTransport transport, Integer priorityParameter) {
    this.url = url;
    this.base = base;
    this.transport = transport;
    this.priorityParameter = priorityParameter;
  }

  /**
   * The cache at {@code url}.
   *
   * @throws IllegalArgumentException when the URL is not an https, http or file URL
   */
  static BinaryCache at(String url) {
    return at(url, NetworkSettings.direct());
  }

  /**
   * The cache at {@code url}, reached with {@code network}'s proxies, credentials and CAs.
   *
   * @throws IllegalArgumentException when the URL is not an https, http or file URL
   */
  static BinaryCache at(String url, NetworkSettings network) {
    return at(url, network, message -> {});
  }

  /**
   * The cache at {@code url}, reached with {@code network}'s proxies, credentials and CAs;
   * {@code notices} hears when it keeps floxj waiting.
   *
   * @throws IllegalArgumentException when the URL is not an https, http or file URL
   */
  static BinaryCache at(String url, NetworkSettings network, java.util.function.Consumer<String> notices) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    Integer priority = priorityParameter(uri.getRawQuery(), url);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!path.endsWith("/")) {
      path += "/";
    }
    switch (scheme) {
      case "https", "http" -> {
        if (uri.getHost() == null) {
          throw new IllegalArgumentException("'" + url + "' has no host");
        }
        URI base = URI.create(scheme + "://" + uri.getRawAuthority() + path);
        return new BinaryCache(url, base, new HttpTransport(network, base, notices), priority);
      }
      case "file" -> {
        URI base = URI.create("file://" + path);
        return new BinaryCache(url, base, new FileTransport(base), priority);
      }
      default ->
          throw new IllegalArgumentException(
              "'" + url + "' is not an https://, http:// or file:// binary cache");
    }
  }

  /**
   * Checks that {@code url} names a binary cache floxj can read.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static void validate(String url) {
    at(url);
  }

  private static Integer priorityParameter(String query, String url) {
    if (query == null) {
      return null;
    }
    for (String parameter : query.split("&")) {
      if (parameter.startsWith("priority=")) {
        try {
          return Integer.parseInt(parameter.substring("priority=".length()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("'" + url + "' has a priority that is not a number");
        }
      }
    }
    return null;
  }

  /** The URL as configured, for messages. */
  String url() {
    return url;
  }

  /** Lower is tried first; known after {@link #open}. */
  int priority() {
    return priority;
  }

  /**
   * Reads {@code nix-cache-info}: the cache must be for {@code /nix/store}; its {@code Priority}
   * orders it among the others.
   *
   * @throws CacheRefusedException when this is not a usable binary cache
   */
  synchronized void open(Retry retry) throws IOException {
    if (opened) {
      return;
    }
    String info =
        retry.run(() -> readSmall("nix-cache-info"))
            .orElseThrow(() -> new CacheRefusedException("it has no nix-cache-info, so it is not a Nix binary cache"));
    int cachePriority = 0;
    for (String line : info.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("StoreDir") && !value.equals(StorePath.STORE_DIR)) {
        throw new CacheRefusedException(
            "it holds paths for the store " + value + ", not " + StorePath.STORE_DIR);
      }
      if (key.equals("Priority")) {
        try {
          cachePriority = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          // Nix would refuse the cache; a priority is not worth that.
        }
      }
    }
    priority = priorityParameter != null ? priorityParameter : cachePriority;
    opened = true;
  }

  /** The text of {@code <hash>.narinfo}, if the cache has one for {@code path}. */
  Optional<String> narInfoText(StorePath path, Retry retry) throws IOException {
    return retry.run(() -> readSmall(path.hashPart() + ".narinfo"));
  }

  /** The address of the narinfo of {@code path}, for messages. */
  String narInfoAddress(StorePath path) {
    return transport.describe(path.hashPart() + ".narinfo");
  }

  /**
   * Opens the (compressed) NAR a narinfo points to. The URL is followed as given, never derived,
   * but must stay inside this cache.
   *
   * @throws CacheRefusedException when the URL leads outside the cache or the file is missing
   */
  InputStream openNar(NarInfo info) throws IOException {
    URI resolved;
    try {
      URI target =
          info.url().contains("://") ? new URI(info.url()) : new URI(null, null, info.url(), null);
      resolved = base.resolve(target).normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new CacheRefusedException("its narinfo's URL '" + info.url() + "' is not a URL");
    }
    // Compared part by part: resolving turns file:///x into file:/x.
    boolean inside =
        base.getScheme().equalsIgnoreCase(resolved.getScheme())
            && Objects.equals(base.getHost(), resolved.getHost())
            && base.getPort() == resolved.getPort()
            && resolved.getRawPath() != null
            && resolved.getRawPath().startsWith(base.getRawPath())
            && resolved.getRawQuery() == null;
    if (!inside) {
      throw new CacheRefusedException(
          "its narinfo's URL '" + info.url() + "' leads outside the cache, which floxj refuses");
    }
    String relative = resolved.getRawPath().substring(base.getRawPath().length());
    return transport
        .open(relative)
        .orElseThrow(
            () ->
                new CacheRefusedException(
                    "it lists the path, but its NAR " + transport.describe(relative) + " is missing"));
  }

  private Optional<String> readSmall(String relative) throws IOException {
    Optional<InputStream> opened = transport.open(relative);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (InputStream in = opened.get()) {
      byte[] bytes = in.readNBytes(MAX_SMALL_FILE + 1);
      if (bytes.length > MAX_SMALL_FILE) {
        throw new CacheRefusedException(transport.describe(relative) + " is larger than 1 MiB");
      }
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }
  }

  @Override
  public String toString() {
    return url;
  }
}
