package dev.floxj.substitution;

import static dev.floxj.nar.NarBuilder.nar;
import static dev.floxj.substitution.HandmadeCache.storePath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StoreFileVisitor;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree;
import dev.floxj.store.StoreTree.Kind;
import dev.floxj.testing.Prerequisites;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store source over hand-made file:// caches: no Nix, no network. */
class StoreSourceTest {
  @TempDir Path temp;

  private final HandmadeCache.Key key = HandmadeCache.Key.generate("handmade-1");
  private Path emptyStore;

  @BeforeEach
  void emptyStore() throws IOException {
    emptyStore = Files.createDirectories(temp.resolve("store"));
  }

  private StoreSource source(List<String> urls, HandmadeCache.Key... trusted) {
    List<PublicKey> keys = Stream.of(trusted).map(k -> PublicKey.parse(k.publicKey())).toList();
    return StoreSource.open(
        emptyStore,
        new SubstitutionSettings(urls, keys, true, false, temp.resolve("downloads"), List.of()),
        SubstitutionListener.SILENT);
  }

  private static Map<StorePath, String> roots(StorePath... paths) {
    Map<StorePath, String> roots = new LinkedHashMap<>();
    for (StorePath path : paths) {
      roots.put(path, "package '" + path.name() + "' (output 'out')");
    }
    return roots;
  }

  private static byte[] file(String content) {
    return nar().file(content, false).bytes();
  }

  @Test
  void closure_isBreadthFirst_referencesInStorePathOrder() {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath app = storePath("app");
    StorePath lib = storePath("lib");
    StorePath data = storePath("data");
    StorePath base = storePath("base");
    cache.add(base, file("base"), List.of());
    cache.add(data, file("data"), List.of(base));
    cache.add(lib, file("lib"), List.of(base, lib));
    cache.add(app, file("app"), List.of(lib, data, app));

    try (StoreSource source = source(List.of(cache.url()), key)) {
      ClosureGraph closure = source.closure(roots(app));

      List<StorePath> appRefs = Stream.of(lib, data).sorted((a, b) -> a.path().compareTo(b.path())).toList();
      assertThat(closure.paths()).containsExactly(app, appRefs.get(0), appRefs.get(1), base);
      assertThat(closure.referencesOf(app)).containsExactlyElementsOf(appRefs);
      assertThat(closure.referencesOf(lib)).containsExactly(base);
      assertThat(source.substituted()).containsExactlyInAnyOrder(app, lib, data, base);
    }
  }

  @Test
  void closure_takesAPathFromTheCacheWithTheLowestPriority() throws IOException {
    StorePath tool = storePath("tool");
    HandmadeCache slow = new HandmadeCache(temp.resolve("slow"), key, 50);
    HandmadeCache fast = new HandmadeCache(temp.resolve("fast"), key, 10);
    slow.add(tool, file("from slow"), List.of());
    fast.add(tool, file("from fast"), List.of());

    assertThat(fetched(List.of(slow.url(), fast.url()), key, tool)).isEqualTo("from fast");
  }

  @Test
  void closure_skipsAnUntrustedCopy_andTakesTheNextCachesTrustedOne() throws IOException {
    HandmadeCache.Key stranger = HandmadeCache.Key.generate("stranger-1");
    StorePath tool = storePath("tool");
    HandmadeCache first = new HandmadeCache(temp.resolve("first"), stranger, null);
    HandmadeCache second = new HandmadeCache(temp.resolve("second"), key, null);
    first.add(tool, file("untrusted"), List.of());
    second.add(tool, file("trusted"), List.of());

    assertThat(fetched(List.of(first.url(), second.url()), key, tool)).isEqualTo("trusted");
  }

  @Test
  void closure_pathMissingBelowARoot_namesWhoNeedsItAndEachCache() {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath app = storePath("app");
    StorePath gone = storePath("gone");
    cache.add(app, file("app"), List.of(gone));

    try (StoreSource source = source(List.of(cache.url(), temp.resolve("no-cache").toUri().toString()), key)) {
      assertThatThrownBy(() -> source.closure(roots(app)))
          .isInstanceOf(FloxjException.class)
          .hasMessageStartingWith(gone + " (needed by " + app + ", in the closure of package 'app' (output 'out'))")
          .hasMessageContaining("there is no Nix store at " + emptyStore)
          .hasMessageContaining(cache.url() + ": not there")
          .hasMessageContaining("no-cache: it has no nix-cache-info, so it is not a Nix binary cache");
    }
  }

  @Test
  void closure_narinfosThatCannotStandForThePath_sayWhy() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath wanted = storePath("wanted");
    StorePath other = storePath("other");
    String otherInfo = cache.add(other, file("other"), List.of());
    Files.writeString(cache.directory().resolve(wanted.hashPart() + ".narinfo"), otherInfo);
    StorePath brotli = storePath("brotli");
    cache.add(brotli, file("br"), List.of(), "br", text -> text);
    StorePath broken = storePath("broken");
    Files.writeString(cache.directory().resolve(broken.hashPart() + ".narinfo"), "StorePath: " + broken + "\n");

    try (StoreSource source = source(List.of(cache.url()), key)) {
      assertThatThrownBy(() -> source.closure(roots(wanted)))
          .hasMessageContaining("describes another path, " + other);
      assertThatThrownBy(() -> source.closure(roots(brotli)))
          .hasMessageContaining("compressed with 'br', which floxj cannot read (xz, zstd, bzip2, none)");
      assertThatThrownBy(() -> source.closure(roots(broken)))
          .hasMessageContaining("is malformed (it has no URL)");
    }
  }

  @Test
  void closure_cacheForAnotherStoreDir_isNotUsed() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("gnu"), key, null);
    StorePath tool = storePath("tool");
    cache.add(tool, file("x"), List.of());
    Files.writeString(cache.directory().resolve("nix-cache-info"), "StoreDir: /gnu/store\n");

    try (StoreSource source = source(List.of(cache.url()), key)) {
      assertThatThrownBy(() -> source.closure(roots(tool)))
          .hasMessageContaining(cache.url() + ": it holds paths for the store /gnu/store, not /nix/store");
    }
  }

  @Test
  void contents_walkTheNarWithTheStoresModes() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    cache.add(
        pkg,
        nar().directory()
            .entry("bin").directory().entry("tool").file("#!x", true).endEntry().end().endEntry()
            .entry("lib").symlink("bin").endEntry()
            .entry("readme").file("hi", false).endEntry()
            .end().bytes(),
        List.of());

    try (StoreSource source = source(List.of(cache.url()), key)) {
      source.closure(roots(pkg));
      List<String> entries = new ArrayList<>();
      source.contents().walk(pkg, recorder(entries));
      assertThat(entries)
          .containsExactly(
              "D " + pkg + " 555",
              "D " + pkg + "/bin 555",
              "F " + pkg + "/bin/tool 555 #!x",
              "L " + pkg + "/lib -> bin",
              "F " + pkg + "/readme 444 hi");
    }
  }

  @Test
  void tree_looksIntoCachedPaths() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath a = storePath("a");
    StorePath b = storePath("b");
    byte[] tree =
        nar().directory()
            .entry("bin").directory().entry("same").file("same bytes", true).endEntry().end().endEntry()
            .entry("link").symlink("bin/same").endEntry()
            .end().bytes();
    cache.add(a, tree, List.of());
    cache.add(
        b,
        nar().directory()
            .entry("bin").directory()
                .entry("other").file("other bytes", false).endEntry()
                .entry("same").file("same bytes", false).endEntry()
            .end().endEntry()
            .end().bytes(),
        List.of());

    try (StoreSource source = source(List.of(cache.url()), key)) {
      source.closure(roots(a, b));
      StoreTree files = source.tree();
      assertThat(files.kind(a.path())).isEqualTo(Kind.DIRECTORY);
      assertThat(files.kind(a + "/bin/same")).isEqualTo(Kind.REGULAR_FILE);
      assertThat(files.kind(a + "/link")).isEqualTo(Kind.SYMLINK);
      assertThat(files.kind(a + "/absent")).isEqualTo(Kind.MISSING);
      assertThat(files.list(b + "/bin")).containsExactlyInAnyOrder("other", "same");
      assertThat(files.readSymlink(a + "/link")).isEqualTo("bin/same");
      assertThat(files.sameBytes(a + "/bin/same", b + "/bin/same")).isTrue();
      assertThat(files.sameBytes(a + "/bin/same", b + "/bin/other")).isFalse();
    }
  }

  @Test
  void download_urlLeadingOutsideTheCache_isRefused() {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath sneaky = storePath("sneaky");
    cache.add(sneaky, file("x"), List.of(), "none", text -> text.replaceAll("URL: .*", "URL: ../elsewhere/x.nar"));

    try (StoreSource source = source(List.of(cache.url()), key)) {
      source.closure(roots(sneaky));
      assertThatThrownBy(() -> contentOf(source, sneaky))
          .isInstanceOf(FloxjException.class)
          .hasMessage(
              "Refusing " + sneaky + " from " + cache.url() + ": its narinfo's URL '../elsewhere/x.nar' leads"
                  + " outside the cache, which floxj refuses.");
    }
  }

  /**
   * Serves {@code pkg}, one file holding {@code content}, from {@code cache}, reads it once through
   * a StoreSource, and returns the NAR that floxj's download cache kept of it.
   */
  private Path downloadedOnce(HandmadeCache cache, StorePath pkg, String content) throws IOException {
    cache.add(pkg, file(content), List.of());
    assertThat(fetched(List.of(cache.url()), key, pkg)).isEqualTo(content);
    try (Stream<Path> nars = Files.list(temp.resolve("downloads/v1/nar")).filter(p -> p.toString().endsWith(".nar"))) {
      return nars.findFirst().orElseThrow();
    }
  }

  /** Keeps pkg's NAR in the download cache, then flips one byte of its file content there. */
  private Path keptNarWithAFlippedByte(HandmadeCache cache, StorePath pkg) throws IOException {
    Path kept = downloadedOnce(cache, pkg, "original");
    byte[] bytes = Files.readAllBytes(kept);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    bytes[text.indexOf("original")] = 'O';
    Files.write(kept, bytes);
    return kept;
  }

  @Test
  void cachedNarDamagedOnDisk_isFetchedAgainBeforeAnyOfItsBytesIsRead() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    Path kept = keptNarWithAFlippedByte(cache, pkg);
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    try (StoreSource source =
        StoreSource.open(
            emptyStore,
            new SubstitutionSettings(
                List.of(cache.url()), List.of(PublicKey.parse(key.publicKey())), true, false,
                temp.resolve("downloads"), List.of()),
            recording(warnings, started))) {
      source.closure(roots(pkg));
      source.prefetch(List.of(pkg));
      assertThat(started).as("a kept NAR is checked when first read, not when picked up").isEmpty();
      assertThat(contentOf(source, pkg)).isEqualTo("original");
    }
    assertThat(warnings).singleElement().asString()
        .isEqualTo("The NAR of " + pkg + " in floxj's download cache (" + kept + ") was damaged since it was"
            + " verified (its SHA-256 is not the NarHash " + NixHash.ofDigest(dev.floxj.Sha256.of(
                nar().file("original", false).bytes())) + "); fetching it again from " + cache.url() + ".");
    assertThat(started).containsExactly(pkg.path());
    assertThat(new String(Files.readAllBytes(kept), StandardCharsets.ISO_8859_1)).contains("original");
  }

  @Test
  void cachedNarDamagedOnDisk_offline_isDeletedAndNamedWithTheRemedy() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    Path kept = keptNarWithAFlippedByte(cache, pkg);

    try (StoreSource source =
        StoreSource.open(
            emptyStore,
            new SubstitutionSettings(
                List.of(cache.url()), List.of(PublicKey.parse(key.publicKey())), true, true,
                temp.resolve("downloads"), List.of()),
            SubstitutionListener.SILENT)) {
      source.closure(roots(pkg));
      assertThatThrownBy(() -> contentOf(source, pkg))
          .isInstanceOf(FloxjException.class)
          .hasMessageStartingWith("The NAR of " + pkg + " in floxj's download cache (" + kept + ") was damaged")
          .hasMessageEndingWith("floxj deleted it, so run again without --offline.");
    }
    assertThat(kept).doesNotExist();
  }

  @Test
  void cachedNarDamagedDuringTheRun_stopsTheRunAndIsDeleted() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    cache.add(pkg, file("original"), List.of());
    try (StoreSource source = source(List.of(cache.url()), key)) {
      source.closure(roots(pkg));
      assertThat(contentOf(source, pkg)).isEqualTo("original");
      Path kept;
      try (Stream<Path> nars = Files.list(temp.resolve("downloads/v1/nar")).filter(p -> p.toString().endsWith(".nar"))) {
        kept = nars.findFirst().orElseThrow();
      }
      byte[] bytes = Files.readAllBytes(kept);
      bytes[new String(bytes, StandardCharsets.ISO_8859_1).indexOf("original")] = 'O';
      Files.write(kept, bytes);

      assertThatThrownBy(() -> contentOf(source, pkg))
          .isInstanceOf(FloxjException.class)
          .hasMessage("The NAR of " + pkg + " in floxj's download cache (" + kept + ") was damaged since it was"
              + " verified (its SHA-256 is not the NarHash " + NixHash.ofDigest(dev.floxj.Sha256.of(file("original")))
              + "); floxj deleted it, so run again to download it anew.");
      assertThat(kept).doesNotExist();
    }
  }

  @Test
  void keptNar_isStampedWhenVerified_andAnyWriteInvalidatesTheStamp() throws Exception {
    DownloadCache downloads = new DownloadCache(temp.resolve("d"));
    Path nar = Files.createDirectories(temp.resolve("d/v1/nar")).resolve("x.nar");
    Files.writeString(nar, "verified bytes");
    assertThat(downloads.unchangedSinceVerified(nar)).as("no stamp yet").isFalse();

    downloads.markVerified(nar);
    assertThat(downloads.unchangedSinceVerified(nar)).isTrue();
    assertThat(temp.resolve("d/v1/nar/x.verified")).exists();

    Files.writeString(nar, "Verified bytes"); // same size, other bytes
    assertThat(downloads.unchangedSinceVerified(nar)).isFalse();

    downloads.markVerified(nar);
    Files.setLastModifiedTime(nar, Files.getLastModifiedTime(nar)); // a touch that keeps the mtime
    assertThat(downloads.unchangedSinceVerified(nar)).as("the change time moved").isFalse();
    try (Stream<Path> left = Files.list(temp.resolve("d/v1/tmp"))) {
      assertThat(left).isEmpty();
    }
  }

  private static SubstitutionListener recording(List<String> warnings, List<String> started) {
    return new SubstitutionListener() {
      @Override public void downloadsPlanned(int paths, long bytes) {}
      @Override public void downloadStarted(StorePath path, String cache, long bytes) { started.add(path.path()); }
      @Override public void bytesDownloaded(long bytes) {}
      @Override public void downloadFinished(StorePath path) {}
      @Override public void warning(String message) { warnings.add(message); }
    };
  }

  @Test
  void download_aTamperedNarFromTheFirstCache_isTakenFromTheNextCacheThatHasTheSameNar() throws IOException {
    StorePath tool = storePath("tool");
    HandmadeCache first = new HandmadeCache(temp.resolve("first"), key, 10);
    HandmadeCache second = new HandmadeCache(temp.resolve("second"), key, 20);
    first.add(tool, file("genuine"), List.of());
    second.add(tool, file("genuine"), List.of());
    try (Stream<Path> nars = Files.list(temp.resolve("first/nar"))) {
      Path nar = nars.findFirst().orElseThrow();
      Files.writeString(nar, Files.readString(nar, StandardCharsets.ISO_8859_1).replace("genuine", "evil!!!"), StandardCharsets.ISO_8859_1);
    }
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<PublicKey> keys = List.of(PublicKey.parse(key.publicKey()));
    try (StoreSource source =
        StoreSource.open(
            emptyStore,
            new SubstitutionSettings(List.of(first.url(), second.url()), keys, true, false, temp.resolve("downloads"), List.of()),
            new SubstitutionListener() {
              @Override public void downloadsPlanned(int paths, long bytes) {}
              @Override public void downloadStarted(StorePath path, String cache, long bytes) {}
              @Override public void bytesDownloaded(long bytes) {}
              @Override public void downloadFinished(StorePath path) {}
              @Override public void warning(String message) { warnings.add(message); }
            })) {
      source.closure(roots(tool));
      assertThat(contentOf(source, tool)).isEqualTo("genuine");
    }
    assertThat(warnings).singleElement().asString()
        .startsWith("Refusing " + tool + " from " + first.url() + ": ")
        .contains("tampered")
        .endsWith("; trying " + second.url() + " instead.");
  }

  @Test
  void closure_aFifoInAFileCache_isRefusedWithoutBlocking_andTheNextCacheIsAsked() throws Exception {
    StorePath tool = storePath("tool");
    HandmadeCache first = new HandmadeCache(temp.resolve("first"), key, 10);
    HandmadeCache second = new HandmadeCache(temp.resolve("second"), key, 20);
    first.add(tool, file("x"), List.of());
    second.add(tool, file("from second"), List.of());
    Path narInfo = temp.resolve("first/" + tool.hashPart() + ".narinfo");
    Files.delete(narInfo);
    assertThat(new ProcessBuilder("mkfifo", narInfo.toString()).start().waitFor()).isZero();

    org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(20), () -> {
      try (StoreSource source = source(List.of(first.url(), second.url()), key)) {
        source.closure(roots(tool));
        assertThat(contentOf(source, tool)).isEqualTo("from second");
      }
    });
  }

  @Test
  void download_intoAFullDownloadCache_namesTheDirectory_notTheBinaryCache() throws Exception {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath big = storePath("big");
    cache.add(big, file("x".repeat(2 << 20)), List.of());
    Path downloads = Files.createDirectories(temp.resolve("downloads"));
    boolean mounted = SmallDisk.mount(downloads, "512k");
    try {
      if (!mounted) {
        // Not root (so no tmpfs): a directory that cannot be written fails the same way.
        Prerequisites.require(!"root".equals(System.getProperty("user.name")), "mount (a 512 KiB tmpfs)");
        downloads.toFile().setWritable(false);
      }
      try (StoreSource source = source(List.of(cache.url()), key)) {
        source.closure(roots(big));
        assertThatThrownBy(() -> contentOf(source, big))
            .isInstanceOf(FloxjException.class)
            .hasMessageStartingWith("Cannot write to floxj's download cache at " + downloads + " (")
            .hasMessageContaining(mounted ? "No space left on device" : "permission denied")
            .hasMessageNotContaining("tampered");
      }
    } finally {
      if (mounted) {
        SmallDisk.unmount(downloads);
      }
      downloads.toFile().setWritable(true);
    }
  }

  /** A tiny tmpfs, where the machine lets this test mount one (as root). */
  private static final class SmallDisk {
    static boolean mount(Path at, String size) throws Exception {
      if (!"root".equals(System.getProperty("user.name"))) {
        return false;
      }
      return new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", at.toString())
              .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    }

    static void unmount(Path at) throws Exception {
      new ProcessBuilder("umount", at.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void cachedNarCutShortOnDisk_isFetchedAgainFromTheCache() throws IOException {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    Path kept = downloadedOnce(cache, pkg, "original");
    byte[] bytes = Files.readAllBytes(kept);
    Files.write(kept, java.util.Arrays.copyOf(bytes, bytes.length / 2));

    try (StoreSource source = source(List.of(cache.url()), key)) {
      source.closure(roots(pkg));
      source.prefetch(List.of(pkg));
      assertThat(contentOf(source, pkg)).isEqualTo("original");
    }
    assertThat(kept).hasBinaryContent(bytes);
  }

  @Test
  void prefetch_withNowhereToKeepDownloads_saysToPassCacheDir() {
    HandmadeCache cache = new HandmadeCache(temp.resolve("cache"), key, null);
    StorePath pkg = storePath("pkg");
    cache.add(pkg, file("x"), List.of());
    try (StoreSource source =
        StoreSource.open(
            emptyStore,
            new SubstitutionSettings(List.of(cache.url()), List.of(PublicKey.parse(key.publicKey())), true, false, null, List.of()),
            SubstitutionListener.SILENT)) {
      source.closure(roots(pkg));
      assertThatThrownBy(() -> source.prefetch(List.of(pkg)))
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("nowhere to keep the downloads of " + pkg)
          .hasMessageEndingWith("pass --cache-dir DIR.");
    }
  }

  @Test
  void offline_withNothingKept_saysSo() {
    StorePath pkg = storePath("pkg");
    try (StoreSource source =
        StoreSource.open(
            emptyStore,
            new SubstitutionSettings(List.of("https://cache.example"), List.of(), true, true, temp.resolve("d"), List.of()),
            SubstitutionListener.SILENT)) {
      assertThatThrownBy(() -> source.closure(roots(pkg)))
          .hasMessageContaining("(--offline forbids asking binary caches)");
    }
  }

  /** {@code path}'s content, as a StoreSource over {@code urls} trusting {@code trusted} reads it. */
  private String fetched(List<String> urls, HandmadeCache.Key trusted, StorePath path) throws IOException {
    try (StoreSource source = source(urls, trusted)) {
      source.closure(roots(path));
      return contentOf(source, path);
    }
  }

  private static String contentOf(StoreSource source, StorePath path) throws IOException {
    List<String> entries = new ArrayList<>();
    source.contents().walk(path, recorder(entries));
    String only = entries.get(0);
    return only.substring(only.indexOf(" 444 ") + 5);
  }

  private static StoreFileVisitor recorder(List<String> entries) {
    return new StoreFileVisitor() {
      @Override
      public void directory(String name, int mode) {
        entries.add("D " + name + " " + Integer.toOctalString(mode));
      }

      @Override
      public void regularFile(String name, int mode, long size, Content content) throws IOException {
        try (ReadableByteChannel channel = content.open()) {
          ByteBuffer buffer = ByteBuffer.allocate((int) size);
          while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // read it all
          }
          entries.add("F " + name + " " + Integer.toOctalString(mode) + " " + new String(buffer.array(), StandardCharsets.UTF_8));
        }
      }

      @Override
      public void symlink(String name, String target) {
        entries.add("L " + name + " -> " + target);
      }
    };
  }
}
