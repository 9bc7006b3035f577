package dev.floxj.substitution;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The binary caches of the settings, in priority order, with the download cache in front: finds
 * the trusted narinfo of a store path, or says what each cache answered. A cache that fails is
 * not asked again during the run, as in Nix. Safe for concurrent lookups.
 */
final class Substituters {
  /** A store path found in a cache: its trusted narinfo, where it came from, where to download it. */
  record Substitute(NarInfo info, String origin, BinaryCache cache) {}

  /** The outcome of looking for one path: a substitute, or why each place did not have it. */
  record Lookup(Substitute found, List<String> misses) {}

  private final SubstitutionSettings settings;
  private final List<BinaryCache> configured = new ArrayList<>();
  private final TrustedKeys keys;
  private final DownloadCache downloads;
  private final Retry retry;
  private final Map<BinaryCache, String> unusable = new ConcurrentHashMap<>();
  private List<BinaryCache> ordered;

  /** @param downloads the download cache, or null */
  Substituters(SubstitutionSettings settings, DownloadCache downloads, Retry retry) {
    this(settings, downloads, retry, SubstitutionListener.SILENT);
  }

  /**
   * @param downloads the download cache, or null
   * @param listener hears when a cache keeps floxj waiting
   */
  Substituters(SubstitutionSettings settings, DownloadCache downloads, Retry retry, SubstitutionListener listener) {
    this.settings = settings;
    if (!settings.offline()) {
      for (String url : settings.substituters()) {
        configured.add(BinaryCache.at(url, settings.network(), listener::stillWaiting));
      }
    }
    this.keys = new TrustedKeys(settings.trustedKeys());
    this.downloads = downloads;
    this.retry = retry;
  }

  /** Whether {@code --offline} forbids asking binary caches. */
  boolean offline() {
    return settings.offline();
  }

  /** Whether a lookup may read or ask anything at all (else it only explains the settings). */
  boolean mayAsk() {
    return !configured.isEmpty() || downloads != null;
  }

  /**
   * Finds a trusted narinfo for {@code path}: kept in the download cache (with its NAR), else from
   * the first cache, by priority, that has one.
   */
  Lookup lookup(StorePath path) throws IOException {
    List<String> misses = new ArrayList<>();
    if (downloads != null) {
      Optional<Substitute> kept = fromDownloadCache(path);
      if (kept.isPresent()) {
        return new Lookup(kept.get(), misses);
      }
    }
    if (settings.offline()) {
      misses.add("--offline forbids asking binary caches");
      return new Lookup(null, misses);
    }
    List<BinaryCache> caches = orderedCaches();
    if (caches.isEmpty()) {
      misses.add("no binary cache is configured");
    }
    for (BinaryCache cache : caches) {
      String reason = unusable.get(cache);
      if (reason != null) {
        misses.add(cache.url() + ": " + reason);
        continue;
      }
      Optional<String> text;
      try {
        text = cache.narInfoText(path, retry);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        // As Nix does, a cache that fails is not asked again during this run.
        String why = Retry.isTransient(e) ? "unreachable (" + describe(e) + ")" : describe(e);
        unusable.putIfAbsent(cache, why);
        misses.add(cache.url() + ": " + why);
        continue;
      }
      if (text.isEmpty()) {
        misses.add(cache.url() + ": not there");
        continue;
      }
      NarInfo info;
      try {
        info = NarInfo.parse(text.get());
      } catch (IllegalArgumentException e) {
        misses.add(cache.url() + ": its narinfo " + cache.narInfoAddress(path) + " is malformed (" + e.getMessage() + ")");
        continue;
      }
      String problem = problemWith(info, path);
      if (problem != null) {
        misses.add(cache.url() + ": " + problem);
        continue;
      }
      if (downloads != null) {
        downloads.putNarInfo(path, text.get(), cache.url());
      }
      return new Lookup(new Substitute(info, cache.url(), cache), misses);
    }
    return new Lookup(null, misses);
  }

  /**
   * A trusted narinfo for {@code path} from a cache not yet {@code tried}, by priority, that
   * describes the very NAR and references of {@code info}: the closure was computed from those,
   * so only such a copy may stand in.
   */
  Optional<Substitute> sameNarElsewhere(StorePath path, NarInfo info, Set<BinaryCache> tried) throws IOException {
    if (settings.offline()) {
      return Optional.empty();
    }
    for (BinaryCache cache : orderedCaches()) {
      if (tried.contains(cache) || unusable.containsKey(cache)) {
        continue;
      }
      Optional<String> text;
      try {
        text = cache.narInfoText(path, retry);
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        continue;
      }
      if (text.isEmpty()) {
        continue;
      }
      NarInfo other;
      try {
        other = NarInfo.parse(text.get());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (problemWith(other, path) == null
          && other.narHash().equals(info.narHash())
          && other.narSize() == info.narSize()
          && other.references().equals(info.references())) {
        return Optional.of(new Substitute(other, cache.url(), cache));
      }
    }
    return Optional.empty();
  }

  /** A narinfo fetched before, still trusted, whose NAR was kept too. */
  private Optional<Substitute> fromDownloadCache(StorePath path) {
    try {
      Optional<DownloadCache.Entry> entry = downloads.narInfo(path);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      NarInfo info = NarInfo.parse(entry.get().text());
      if (problemWith(info, path) != null || downloads.nar(info.narHash()).isEmpty()) {
        return Optional.empty(); // the caches decide again
      }
      BinaryCache cache =
          configured.stream().filter(c -> c.url().equals(entry.get().origin())).findFirst().orElse(null);
      return Optional.of(new Substitute(info, entry.get().origin(), cache));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Why {@code info} cannot stand for {@code path}, or null. */
  private String problemWith(NarInfo info, StorePath path) {
    if (!info.storePath().equals(path)) {
      return "its narinfo for " + path.hashPart() + " describes another path, " + info.storePath();
    }
    if (settings.checkSignatures() && !keys.trust(info)) {
      return keys.whyUntrusted(info);
    }
    if (!Decompression.supports(info.compression())) {
      return "its NAR is compressed with '" + info.compression() + "', which floxj cannot read ("
          + Decompression.SUPPORTED + ")";
    }
    return null;
  }

  /** The caches by priority (stable, so equal priorities keep the configured order). */
  private synchronized List<BinaryCache> orderedCaches() {
    if (ordered == null) {
      for (BinaryCache cache : configured) {
        try {
          cache.open(retry);
        } catch (InterruptedIOException e) {
          throw new UncheckedIOException(e);
        } catch (IOException e) {
          unusable.put(cache, Retry.isTransient(e) ? "unreachable (" + describe(e) + ")" : describe(e));
        }
      }
      List<BinaryCache> sorted = new ArrayList<>(configured);
      sorted.sort(Comparator.comparingInt(c -> unusable.containsKey(c) ? Integer.MAX_VALUE : c.priority()));
      ordered = List.copyOf(sorted);
    }
    return ordered;
  }

  /**
   * A short reason for a transport failure, in curl's words where it has some ("could not resolve
   * host", "connection refused"), never a Java class name.
   */
  static String describe(Throwable failure) {
    if (causedBy(failure, UnresolvedAddressException.class) || causedBy(failure, UnknownHostException.class)) {
      return "could not resolve host";
    }
    if (causedBy(failure, CertPathBuilderException.class) || causedBy(failure, CertificateException.class)) {
      return "its TLS certificate is not trusted (add its CA to a PEM file named by NIX_SSL_CERT_FILE"
          + " or nix.conf's ssl-cert-file)";
    }
    if (causedBy(failure, HttpConnectTimeoutException.class)) {
      return "connection timed out";
    }
    if (causedBy(failure, ConnectException.class)) {
      return "connection refused";
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return "the TLS connection failed (" + (t.getMessage() == null ? "no reason given" : t.getMessage()) + ")";
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return failure instanceof java.io.EOFException ? "the connection was closed early" : "network error";
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

}
