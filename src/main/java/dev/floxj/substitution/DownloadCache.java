package dev.floxj.substitution;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * floxj's own cache of what it fetched, so that a rerun downloads nothing: narinfos that were
 * trusted when fetched (checked again on every use, against the keys trusted then), and verified
 * NARs, uncompressed, named by their NarHash. Files appear by atomic rename only, so concurrent
 * runs and interrupted downloads never leave a partial file under a final name.
 *
 * <p>Layout under the directory: {@code v1/narinfo/<hash part>.narinfo} (a {@code Cache:} line
 * naming where it came from, then the narinfo as served), {@code v1/nar/<NarHash>.nar} with its
 * {@code v1/nar/<NarHash>.verified} stamp, and {@code v1/tmp/} for downloads in progress.
 *
 * <p>The stamp records what identifies the NAR's file on disk when its bytes were last found to
 * be the NarHash (device, inode, size, modification and change times). Every write, truncation,
 * {@code touch}, copy or replacement changes the change time, which no tool can set back (only
 * the system clock could), so a NAR whose stamp still matches is the NAR that was verified and
 * need not be read again before use; any other is hashed once more first. What a stamp cannot
 * see (bits rotting on the medium) the full read of a layer still catches, as it hashes what it
 * reads.
 */
public final class DownloadCache {
  private static final String ORIGIN = "Cache: ";

  /**
   * Temporary files of downloads in progress in any cache of this JVM. Interrupted (Ctrl-C,
   * SIGTERM), floxj's download threads stop without reaching their clean-up, so a shutdown hook
   * deletes what is still here; a committed file was renamed away, and deleting its old name
   * does nothing. A kill -9 leaves files, which the next run's sweep removes after a day.
   */
  private static final Set<Path> UNFINISHED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(DownloadCache::deleteUnfinished, "floxj-download-cleanup"));
  }

  /** Deletes the temporary files of downloads that did not finish (what the shutdown hook does). */
  static void deleteUnfinished() {
    for (Path file : UNFINISHED) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // Leftovers cost only space; the next run's sweep removes them.
      }
      UNFINISHED.remove(file);
    }
  }

  private final Path directory;
  private final Path narInfos;
  private final Path nars;
  private final Path temporary;
  private boolean swept;

  public DownloadCache(Path directory) {
    this.directory = directory;
    Path root = directory.resolve("v1");
    this.narInfos = root.resolve("narinfo");
    this.nars = root.resolve("nar");
    this.temporary = root.resolve("tmp");
  }

  /**
   * The default directory: {@code $XDG_CACHE_HOME/floxj}, else {@code ~/.cache/floxj}; empty when
   * the environment names neither.
   */
  public static Optional<Path> defaultDirectory(Map<String, String> environment) {
    String cacheHome = environment.get("XDG_CACHE_HOME");
    if (cacheHome != null && !cacheHome.isEmpty()) {
      return Optional.of(Path.of(cacheHome, "floxj"));
    }
    String home = environment.get("HOME");
    if (home != null && !home.isEmpty()) {
      return Optional.of(Path.of(home, ".cache", "floxj"));
    }
    return Optional.empty();
  }

  public Path directory() {
    return directory;
  }

  /** A narinfo kept earlier, with the cache it came from. */
  record Entry(String text, String origin) {}

  Optional<Entry> narInfo(StorePath path) throws IOException {
    String stored;
    try {
      stored = Files.readString(narInfos.resolve(path.hashPart() + ".narinfo"));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    int newline = stored.indexOf('\n');
    if (!stored.startsWith(ORIGIN) || newline < 0) {
      return Optional.empty(); // not one of ours: ignore it, a fresh copy will replace it
    }
    return Optional.of(new Entry(stored.substring(newline + 1), stored.substring(ORIGIN.length(), newline)));
  }

  void putNarInfo(StorePath path, String text, String origin) throws IOException {
    Path temp = newTemporaryFile(".narinfo");
    try {
      Files.writeString(temp, ORIGIN + origin + "\n" + text, StandardCharsets.UTF_8);
      commit(temp, narInfos.resolve(path.hashPart() + ".narinfo"));
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw cannotWrite(e);
    }
  }

  /**
   * {@code out}, a file in this cache, with its write failures (a full disk, a quota) turned into
   * a {@link FloxjException} that names the cache directory: they are no fault of the binary
   * cache, are not worth retrying, and must not be reported as bad data.
   */
  OutputStream guardWrites(OutputStream out) {
    return new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) {
        try {
          out.write(b, off, len);
        } catch (IOException e) {
          throw cannotWrite(e);
        }
      }

      @Override
      public void write(int b) {
        try {
          out.write(b);
        } catch (IOException e) {
          throw cannotWrite(e);
        }
      }

      @Override
      public void flush() {
        try {
          out.flush();
        } catch (IOException e) {
          throw cannotWrite(e);
        }
      }

      @Override
      public void close() {
        try {
          out.close();
        } catch (IOException e) {
          throw cannotWrite(e);
        }
      }
    };
  }

  /** Writing into the download cache failed: floxj's side, not the binary cache's. */
  static final class WriteFailure extends FloxjException {
    private static final long serialVersionUID = 1L;

    WriteFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The sentence for a failure to write into this cache. */
  WriteFailure cannotWrite(IOException e) {
    String reason =
        e instanceof java.nio.file.AccessDeniedException
            ? "permission denied"
            : e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? fs.getReason()
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new WriteFailure(
        "Cannot write to floxj's download cache at "
            + directory
            + " ("
            + reason
            + "); free space there or make it writable, or pass --cache-dir DIR on a disk with room"
            + " (nothing was wrong with the binary cache's data).",
        e);
  }

  /**
   * Records that {@code nar} as it is now on disk holds verified bytes. {@code identity} is what
   * {@link #identity} said before the bytes were read, so that a change during the reading is
   * not covered by the stamp. Best effort: without a stamp, the next run checks the NAR again.
   */
  void markVerified(Path nar, String identity) {
    Path stamp = stampOf(nar);
    try {
      Path temp = newTemporaryFile(".verified");
      try {
        Files.writeString(temp, identity + "\n", StandardCharsets.UTF_8);
        commit(temp, stamp);
      } finally {
        Files.deleteIfExists(temp);
        UNFINISHED.remove(temp);
      }
    } catch (IOException | RuntimeException e) {
      // Costs only a check of the NAR on the next run.
    }
  }

  /** Records that {@code nar}, just renamed into place after its download was verified, is verified. */
  void markVerified(Path nar) {
    try {
      markVerified(nar, identity(nar));
    } catch (IOException | RuntimeException e) {
      // Costs only a check of the NAR on the next run.
    }
  }

  /** Whether {@code nar} is, on disk, still the file its stamp says was verified. */
  boolean unchangedSinceVerified(Path nar) {
    try {
      String stamp = Files.readString(stampOf(nar), StandardCharsets.UTF_8).strip();
      return stamp.equals(identity(nar));
    } catch (IOException | RuntimeException e) {
      return false; // no stamp, or a file system without these attributes: check the bytes
    }
  }

  /**
   * The device, inode, size, modification and change times of {@code file}: any change of its
   * bytes through the file system changes at least the change time.
   */
  static String identity(Path file) throws IOException {
    Map<String, Object> attributes =
        Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    return "dev " + attributes.get("dev") + " ino " + attributes.get("ino") + " size " + attributes.get("size")
        + " mtime " + nanos(attributes.get("lastModifiedTime")) + " ctime " + nanos(attributes.get("ctime"));
  }

  private static long nanos(Object time) {
    return ((java.nio.file.attribute.FileTime) time).to(java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private Path stampOf(Path nar) {
    String name = nar.getFileName().toString();
    return nar.resolveSibling(name.substring(0, name.length() - ".nar".length()) + ".verified");
  }

  /** The verified NAR with this hash, if it was fetched before. */
  Optional<Path> nar(NixHash narHash) {
    Path file = narFile(narHash);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }

  Path narFile(NixHash narHash) {
    return nars.resolve(narHash.nix32() + ".nar");
  }

  /** A new empty file for a download in progress, on the same file system as the cache. */
  Path newTemporaryFile(String suffix) throws IOException {
    try {
      Files.createDirectories(temporary);
      removeAbandonedDownloads();
      Path file = Files.createTempFile(temporary, "download-", suffix);
      UNFINISHED.add(file);
      return file;
    } catch (IOException e) {
      throw cannotWrite(e);
    }
  }

  /**
   * Deletes what a killed run left in {@code tmp/}, once per run. Only files a day old go: a
   * concurrent run may be writing the younger ones.
   */
  private synchronized void removeAbandonedDownloads() {
    if (swept) {
      return;
    }
    swept = true;
    Instant dayAgo = Instant.now().minus(Duration.ofDays(1));
    try (DirectoryStream<Path> files = Files.newDirectoryStream(temporary, "download-*")) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(dayAgo)) {
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      // Leftovers cost only space; the download itself can still go ahead.
    }
  }

  /** Moves a complete, verified file to its final name. */
  Path commitNar(Path temp, NixHash narHash) throws IOException {
    Path target = narFile(narHash);
    try {
      commit(temp, target);
    } catch (IOException e) {
      throw cannotWrite(e);
    }
    return target;
  }

  private static void commit(Path temp, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    UNFINISHED.remove(temp);
  }
}
