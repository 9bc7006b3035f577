package dev.floxj.substitution;

import dev.floxj.FloxjException;
import dev.floxj.Sha256;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.LocalStore;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StoreContents;
import dev.floxj.store.StoreFileVisitor;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where an image's store paths come from: the local Nix store first (if there is one), then
 * floxj's download cache, then the binary caches in priority order. It computes the closure
 * (breadth first over the local database's references, or over trusted narinfos' {@code
 * References}), downloads the NARs of paths that come from caches in the background, in layer
 * order, and reads every path's files from wherever it was found.
 */
public final class StoreSource implements AutoCloseable {
  private static final int LOOKUP_THREADS = 8;
  private static final int DOWNLOAD_THREADS = 4;

  private final Path storeRoot;
  private final LocalStore local;
  private final LocalStoreFiles localFiles;
  private final Substituters substituters;
  private final DownloadCache downloads;
  private final SubstitutionListener listener;
  private final Retry retry;

  private final Map<StorePath, Substituters.Substitute> substitutes = new ConcurrentHashMap<>();
  private final Map<StorePath, Future<Path>> nars = new ConcurrentHashMap<>();
  private final Map<StorePath, CachedNar> cachedNars = new ConcurrentHashMap<>();
  private ExecutorService lookupPool;
  private ExecutorService downloadPool;

  StoreSource(
      Path storeRoot,
      SubstitutionSettings settings,
      SubstitutionListener listener,
      Retry retry) {
    this.storeRoot = storeRoot.toAbsolutePath().normalize();
    this.local = LocalStore.find(storeRoot).orElse(null);
    this.localFiles = new LocalStoreFiles(this.storeRoot);
    this.downloads = settings.downloadCache() == null ? null : new DownloadCache(settings.downloadCache());
    this.substituters = new Substituters(settings, downloads, retry, listener);
    this.listener = listener;
    this.retry = retry;
  }

  /**
   * The local store under {@code storeRoot} (which may not exist) backed by the binary caches of
   * {@code settings}.
   */
  public static StoreSource open(Path storeRoot, SubstitutionSettings settings, SubstitutionListener listener) {
    settings.warnings().forEach(listener::warning);
    return new StoreSource(storeRoot, settings, listener, Retry.DEFAULT);
  }

  /** The local store under {@code storeRoot} alone. */
  public static StoreSource localOnly(Path storeRoot) {
    return open(
        storeRoot,
        new SubstitutionSettings(List.of(), List.of(), true, true, null, List.of()),
        SubstitutionListener.SILENT);
  }

  /**
   * Every path reachable from {@code roots}, breadth first in the local store's order (the roots
   * as given, then each path's references by store path), so that the same paths give the same
   * graph wherever they were found.
   *
   * @param roots each root with a description of who needs it, e.g. {@code package 'hello'
   *     (output 'out')}, for errors
   * @throws FloxjException when a path is nowhere to be found, naming what was tried
   */
  public ClosureGraph closure(Map<StorePath, String> roots) {
    Map<StorePath, List<StorePath>> references = new LinkedHashMap<>();
    Map<StorePath, StorePath> neededBy = new HashMap<>();
    Map<StorePath, List<StorePath>> localReferences = new HashMap<>();
    Map<StorePath, Future<Substituters.Lookup>> pending = new HashMap<>();
    Queue<StorePath> queue = new ArrayDeque<>(roots.keySet());
    List<StorePath> unstarted = new ArrayList<>(roots.keySet());
    Set<StorePath> seen = new HashSet<>(roots.keySet());
    while (!queue.isEmpty()) {
      // Everything queued is looked up at once; the results are used in queue order.
      for (StorePath path : unstarted) {
        if (!localReferences.containsKey(path) && !pending.containsKey(path)) {
          if (local != null && local.isValid(path)) {
            local.closure(List.of(path)).references().forEach((p, refs) -> localReferences.putIfAbsent(p, List.copyOf(refs)));
          } else {
            pending.put(path, startLookup(path));
          }
        }
      }
      unstarted.clear();
      StorePath path = queue.remove();
      List<StorePath> refs = localReferences.get(path);
      if (refs == null) {
        Substituters.Lookup lookup = awaitUnchecked(pending.remove(path));
        if (lookup.found() == null) {
          throw missing(path, lookup.misses(), roots, neededBy);
        }
        substitutes.put(path, lookup.found());
        refs = lookup.found().info().references();
      }
      List<StorePath> sorted =
          refs.stream().filter(r -> !r.equals(path)).distinct().sorted(Comparator.comparing(StorePath::path)).toList();
      references.put(path, sorted);
      for (StorePath reference : sorted) {
        if (seen.add(reference)) {
          queue.add(reference);
          unstarted.add(reference);
          neededBy.put(reference, path);
        }
      }
    }
    return ClosureGraph.of(references);
  }

  /** The paths of the closure that come from binary caches rather than the local store. */
  public Set<StorePath> substituted() {
    return Set.copyOf(substitutes.keySet());
  }

  /**
   * Starts downloading the NARs of {@code paths} that come from caches and are not in the download
   * cache yet, in this order, a few at a time. Reading a path waits for its download only.
   */
  public synchronized void prefetch(List<StorePath> paths) {
    List<StorePath> toFetch = new ArrayList<>();
    long bytes = 0;
    for (StorePath path : paths) {
      Substituters.Substitute substitute = substitutes.get(path);
      if (substitute == null || nars.containsKey(path)) {
        continue;
      }
      Optional<Path> kept = downloads == null ? Optional.empty() : downloads.nar(substitute.info().narHash());
      if (kept.isPresent() && substitute.cache() != null && !hasNarSize(kept.get(), substitute.info().narSize())) {
        // Cut short since it was verified (a full disk, a crash): fetched again while a cache can.
        try {
          Files.deleteIfExists(kept.get());
        } catch (IOException e) {
          // The download below replaces it by rename anyway.
        }
        kept = Optional.empty();
      }
      if (kept.isPresent()) {
        Path file = kept.get();
        nars.put(path, new KeptNarCheck(() -> checkedKeptNar(path, file)));
      } else {
        toFetch.add(path);
        bytes += Math.max(0, substitute.info().fileSize());
      }
    }
    if (!toFetch.isEmpty()) {
      if (downloads == null) {
        throw new FloxjException(
            "Neither XDG_CACHE_HOME nor HOME is set, so floxj has nowhere to keep the downloads of "
                + toFetch.get(0) + " and the other paths it needs; pass --cache-dir DIR.");
      }
      listener.downloadsPlanned(toFetch.size(), bytes);
      for (StorePath path : toFetch) {
        nars.put(path, downloadPool().submit(() -> download(path)));
      }
    }
  }

  private static boolean hasNarSize(Path nar, long narSize) {
    try {
      return Files.size(nar) == narSize;
    } catch (IOException e) {
      return false;
    }
  }

  /** The files of the closure's paths, from the local store or from verified NARs. */
  public StoreContents contents() {
    return new StoreContents() {
      @Override
      public void walk(StorePath path, StoreFileVisitor visitor) throws IOException {
        if (substitutes.containsKey(path)) {
          cachedNar(path).walk(visitor);
        } else {
          localFiles.walk(path, visitor);
        }
      }

      @Override
      public boolean opensFilesByName(StorePath path) {
        return !substitutes.containsKey(path) && localFiles.opensFilesByName(path);
      }

      @Override
      public ReadableByteChannel open(String name) throws IOException {
        return localFiles.open(name);
      }

      @Override
      public Optional<String> narHash(StorePath path) {
        Substituters.Substitute substitute = substitutes.get(path);
        if (substitute != null) {
          // base16, as the local database writes it: the same content gives the same text
          return Optional.of("sha256:" + java.util.HexFormat.of().formatHex(substitute.info().narHash().digest()));
        }
        return local == null ? Optional.empty() : local.narHash(path);
      }
    };
  }

  /** Single lookups into the closure's paths, for joining packages into the root. */
  public StoreTree tree() {
    return new StoreTree() {
      @Override
      public Kind kind(String path) throws IOException {
        StorePath storePath = storePathOf(path);
        return substitutes.containsKey(storePath)
            ? cachedNar(storePath).kind(relative(path, storePath))
            : localFiles.kind(path);
      }

      @Override
      public List<String> list(String path) throws IOException {
        StorePath storePath = storePathOf(path);
        return substitutes.containsKey(storePath)
            ? cachedNar(storePath).list(relative(path, storePath))
            : localFiles.list(path);
      }

      @Override
      public String readSymlink(String path) throws IOException {
        StorePath storePath = storePathOf(path);
        return substitutes.containsKey(storePath)
            ? cachedNar(storePath).readSymlink(relative(path, storePath))
            : localFiles.readSymlink(path);
      }

      @Override
      public byte[] read(String path, int limit) throws IOException {
        StorePath storePath = storePathOf(path);
        return substitutes.containsKey(storePath)
            ? cachedNar(storePath).read(relative(path, storePath), limit)
            : localFiles.read(path, limit);
      }

      @Override
      public boolean sameBytes(String a, String b) throws IOException {
        if (!substitutes.containsKey(storePathOf(a)) && !substitutes.containsKey(storePathOf(b))) {
          return localFiles.sameBytes(a, b);
        }
        return Arrays.equals(sha256(a), sha256(b));
      }
    };
  }

  /** Stops downloads still running and waits for them to clean up; closes the local store. */
  @Override
  public void close() {
    if (local != null) {
      local.close();
    }
    for (ExecutorService pool : Arrays.asList(lookupPool, downloadPool)) {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    try {
      for (ExecutorService pool : Arrays.asList(lookupPool, downloadPool)) {
        if (pool != null) {
          pool.awaitTermination(30, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Future<Substituters.Lookup> startLookup(StorePath path) {
    if (!substituters.mayAsk()) {
      // Nothing to ask but the settings: no thread needed.
      try {
        return CompletableFuture.completedFuture(substituters.lookup(path));
      } catch (IOException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return lookupPool().submit(() -> substituters.lookup(path));
  }

  /**
   * Downloads the NAR of {@code path} from the cache its narinfo came from or, when that fails
   * or sends bad data, from the next cache that has the same NAR (as Nix moves on).
   */
  private Path download(StorePath path) throws IOException {
    Substituters.Substitute substitute = substitutes.get(path);
    if (substitute.cache() == null) {
      throw new FloxjException(
          "The NAR of " + path + " disappeared from floxj's download cache at " + downloads.directory()
              + " while floxj was running; run again.");
    }
    Set<BinaryCache> tried = new HashSet<>();
    FloxjException first = null;
    while (true) {
      tried.add(substitute.cache());
      try {
        return downloadFrom(path, substitute);
      } catch (DownloadCache.WriteFailure e) {
        throw e; // no other cache can help
      } catch (FloxjException e) {
        first = first == null ? e : first;
        Optional<Substituters.Substitute> next = substituters.sameNarElsewhere(path, substitute.info(), tried);
        if (next.isEmpty()) {
          throw first;
        }
        String what = e instanceof CacheFailure failure ? failure.withoutRemedy : withoutFinalPeriod(e.getMessage());
        listener.warning(what + "; trying " + next.get().cache().url() + " instead.");
        substitute = next.get();
        substitutes.put(path, substitute);
      }
    }
  }

  private static String withoutFinalPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private Path downloadFrom(StorePath path, Substituters.Substitute substitute) throws IOException {
    try {
      return retry.run(() -> new NarDownload(substitute.cache(), substitute.info(), downloads, listener).fetch());
    } catch (InterruptedIOException e) {
      throw e;
    } catch (CacheRefusedException e) {
      throw NarDownload.refusal(path, substitute.cache(), e.getMessage());
    } catch (IOException e) {
      String attempts = Retry.retries(e) ? " (tried " + retry.attempts() + " times)" : "";
      throw new CacheFailure(
          "Cannot download " + path + " from " + substitute.cache().url() + ": " + Substituters.describe(e) + attempts,
          "; check the network and the cache, and run again.",
          e);
    }
  }

  /**
   * A NAR that one cache could not deliver, with the sentence's account apart from its remedy:
   * when the next cache is tried, the warning gives the account only (a remedy of "run again" would be
   * wrong while floxj carries on).
   */
  private static final class CacheFailure extends FloxjException {
    private static final long serialVersionUID = 1L;
    private final String withoutRemedy;

    CacheFailure(String withoutRemedy, String remedy, Throwable cause) {
      super(withoutRemedy + remedy, cause);
      this.withoutRemedy = withoutRemedy;
    }
  }

  /**
   * The check of a NAR kept by an earlier run, run by the first reader that needs the NAR (in its
   * own thread; later readers wait for it), so that a run that opens no file of the path (an
   * unchanged layer skipped by the layer-digest cache) does not read it at all.
   */
  private static final class KeptNarCheck extends FutureTask<Path> {
    KeptNarCheck(Callable<Path> check) {
      super(check);
    }
  }

  /**
   * {@code file}, the NAR of {@code path} kept by an earlier run, once it is known to be the NAR
   * that was verified: unchanged on disk since its stamp ({@link DownloadCache#markVerified}), or
   * else its size and NarHash checked again in one read. Bytes changed since (a stray write, a
   * truncation, a copy of the cache) are found before any of them reaches an image, and the NAR
   * is fetched again from a cache that has it, as Nix does when a substitute does not verify.
   */
  private Path checkedKeptNar(StorePath path, Path file) throws IOException {
    if (downloads.unchangedSinceVerified(file)) {
      return file; // no write has touched it since its bytes were found to be the NarHash
    }
    Substituters.Substitute substitute = substitutes.get(path);
    String identity = DownloadCache.identity(file);
    String damage = CachedNar.damage(file, substitute.info());
    if (damage == null) {
      downloads.markVerified(file, identity);
      return file;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A download replaces it by rename anyway.
    }
    String what =
        "The NAR of " + path + " in floxj's download cache (" + file + ") was damaged since it was verified ("
            + damage + ")";
    if (substituters.offline()) {
      throw new FloxjException(what + "; floxj deleted it, so run again without --offline.");
    }
    if (substitute.cache() == null) {
      Optional<Substituters.Substitute> elsewhere =
          substituters.sameNarElsewhere(path, substitute.info(), Set.of());
      if (elsewhere.isEmpty()) {
        throw new FloxjException(
            what + "; floxj deleted it, so run again with a binary cache that has the path (--substituter URL).");
      }
      substitute = elsewhere.get();
      substitutes.put(path, substitute);
    }
    listener.warning(what + "; fetching it again from " + substitute.cache().url() + ".");
    listener.downloadsPlanned(1, Math.max(0, substitute.info().fileSize()));
    return download(path);
  }

  private CachedNar cachedNar(StorePath path) throws IOException {
    CachedNar nar = cachedNars.get(path);
    if (nar == null) {
      Future<Path> file = nars.get(path);
      if (file == null) {
        prefetch(List.of(path));
        file = nars.get(path);
      }
      if (file instanceof KeptNarCheck check) {
        check.run(); // does nothing when another reader ran it already
      }
      nar = new CachedNar(path, await(file), substitutes.get(path).info());
      cachedNars.putIfAbsent(path, nar);
    }
    return nar;
  }

  private byte[] sha256(String path) throws IOException {
    StorePath storePath = storePathOf(path);
    if (substitutes.containsKey(storePath)) {
      return cachedNar(storePath).sha256(relative(path, storePath));
    }
    try (InputStream in = Files.newInputStream(localFiles.fileOf(storePath).resolve(relative(path, storePath)))) {
      MessageDigest digest = Sha256.newDigest();
      byte[] buffer = new byte[64 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        digest.update(buffer, 0, read);
      }
      return digest.digest();
    }
  }

  private static StorePath storePathOf(String path) {
    int slash = path.indexOf('/', StorePath.STORE_DIR.length() + 1);
    return StorePath.of(slash < 0 ? path : path.substring(0, slash));
  }

  private static String relative(String path, StorePath storePath) {
    return path.length() == storePath.path().length() ? "" : path.substring(storePath.path().length() + 1);
  }

  private FloxjException missing(
      StorePath path, List<String> misses, Map<StorePath, String> roots, Map<StorePath, StorePath> neededBy) {
    String who;
    if (roots.containsKey(path)) {
      String root = roots.get(path);
      who = Character.toUpperCase(root.charAt(0)) + root.substring(1) + " needs " + path;
    } else {
      StorePath root = path;
      while (!roots.containsKey(root)) {
        root = neededBy.get(root);
      }
      who = path + " (needed by " + neededBy.get(path) + ", in the closure of " + roots.get(root) + ")";
    }
    String localStore =
        local == null ? "there is no Nix store at " + storeRoot : "it is not in the Nix store at " + storeRoot;
    return new FloxjException(
        who + ", but " + localStore + " and no binary cache provides it (" + String.join("; ", misses)
            + "); build or fetch it, add a binary cache that has it (--substituter URL), or point --store"
            + " at a store that has it.");
  }

  private static <T> T awaitUnchecked(Future<T> future) {
    try {
      return await(future);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <T> T await(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a binary cache");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      if (cause instanceof IOException io) {
        throw new IOException(io.getMessage(), io);
      }
      throw new IllegalStateException(cause);
    }
  }

  private synchronized ExecutorService lookupPool() {
    if (lookupPool == null) {
      lookupPool = Executors.newFixedThreadPool(LOOKUP_THREADS, daemonThreads("floxj-narinfo"));
    }
    return lookupPool;
  }

  private synchronized ExecutorService downloadPool() {
    if (downloadPool == null) {
      downloadPool = Executors.newFixedThreadPool(DOWNLOAD_THREADS, daemonThreads("floxj-download"));
    }
    return downloadPool;
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
