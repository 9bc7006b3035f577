package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.nar.NarBuilder;
import dev.floxj.store.Nix32;
import dev.floxj.store.StorePath;
import dev.floxj.substitution.NarInfo;
import dev.floxj.testing.CacheServer;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.TestCaches;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Images built with no local store at all, from real binary caches written by {@code nix copy}
 * and served over HTTP on loopback (or read as {@code file://}): byte-identical to the image the
 * local store gives, cached for reruns, and refused whenever anything does not verify.
 */
class BinaryCacheIT {
  private static final List<String> COMPRESSIONS = List.of("xz", "zstd", "bzip2", "none");

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestPackages packages;
  private static TestCaches caches;
  private static Path environment;
  private static byte[] localImage;

  private Path env;
  private Path emptyStore;
  private Path downloadCache;

  @BeforeAll
  static void buildCachesAndTheLocalImage() throws IOException {
    packages = TestPackages.get();
    caches = TestCaches.create(packages, shared.resolve("caches"), "floxj-test-1");
    StorePath[] closure = {
      packages.hello(), packages.greet(), packages.edgecases(), packages.oddPaths()
    };
    for (String compression : COMPRESSIONS) {
      caches.cache("cache-" + compression, compression, closure);
    }
    environment =
        FloxEnvFixture.named(TestRun.unique("from-caches"))
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .catalog(CatalogPackage.of("greet", packages.greet()))
            .storePath("edgecases", packages.edgecases())
            .storePath("odd-paths", packages.oddPaths())
            .writeTo(shared.resolve("env"));
    Path image = shared.resolve("local.tar");
    Outcome local =
        isolated(floxj(), shared)
            .run("containerize", "-d", environment.toString(), "--store", packages.storeRoot().toString(),
                "--offline", "-f", image.toString());
    assertThat(local.exitCode()).as(local.stderr()).isZero();
    localImage = Files.readAllBytes(image);
  }

  @BeforeEach
  void emptyStoreAndCache() throws IOException {
    env = environment;
    emptyStore = Files.createDirectories(temp.resolve("no-store"));
    downloadCache = temp.resolve("downloads");
  }

  /** A run that sees none of this machine's Nix configuration. */
  private static FloxjRun isolated(FloxjRun run, Path dir) {
    return run.env("NIX_CONF_DIR", dir.resolve("no-etc-nix").toString())
        .env("XDG_CONFIG_HOME", dir.resolve("no-xdg-config").toString())
        .env("XDG_CONFIG_DIRS", dir.resolve("no-xdg-dirs").toString())
        .env("NIX_USER_CONF_FILES", null)
        .env("NIX_CONFIG", null);
  }

  private Outcome build(Path output, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of("containerize", "-d", env.toString(), "--store", emptyStore.toString(),
                "--cache-dir", downloadCache.toString(), "-f", output.toString()));
    arguments.addAll(List.of(options));
    return isolated(floxj(), temp).run(arguments.toArray(String[]::new));
  }

  private Outcome buildFrom(String substituter, Path output, String... options) {
    List<String> arguments =
        new ArrayList<>(List.of("--substituter", substituter, "--trusted-public-key", caches.publicKey()));
    arguments.addAll(List.of(options));
    return build(output, arguments.toArray(String[]::new));
  }

  private static Path cacheDir(String compression) {
    return shared.resolve("caches").resolve("cache-" + compression);
  }

  private static void assertSucceeded(Outcome outcome) {
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
  }

  private void assertFailed(Outcome outcome, Path output, String... messageParts) {
    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("✘ ERROR: ").contains(messageParts).doesNotContain("\tat ");
    assertThat(output).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"xz", "zstd", "bzip2", "none"})
  void httpCache_givesTheLocalStoresImageByteForByte(String compression) throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir(compression))) {
      Path image = temp.resolve("image.tar");
      Outcome outcome = buildFrom(server.url(), image);
      assertSucceeded(outcome);
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
      assertThat(outcome.stderr())
          .contains("Downloading " + packages.hello() + " from " + server.url())
          .containsPattern("Downloaded 9 paths \\(.*\\) in ");
      assertThat(server.narRequests()).isEqualTo(9);
    }
  }

  @Test
  void fileCache_givesTheLocalStoresImageByteForByte() throws IOException {
    Path image = temp.resolve("image.tar");
    assertSucceeded(buildFrom(cacheDir("zstd").toUri().toString(), image));
    assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
  }

  @Test
  void rerun_isServedFromTheDownloadCache_withoutAnyRequest() throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir("xz"))) {
      assertSucceeded(buildFrom(server.url(), temp.resolve("first.tar")));
      int requestsAfterFirstRun = server.requests().size();

      Path second = temp.resolve("second.tar");
      Outcome rerun = buildFrom(server.url(), second);

      assertSucceeded(rerun);
      assertThat(server.requests()).hasSize(requestsAfterFirstRun);
      assertThat(rerun.stderr()).doesNotContain("Downloading");
      assertThat(Files.readAllBytes(second)).isEqualTo(localImage);
    }
  }

  @Test
  void offline_usesTheDownloadCacheOnly() throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir("zstd"))) {
      Outcome offlineFirst = buildFrom(server.url(), temp.resolve("cold.tar"), "--offline");
      assertFailed(offlineFirst, temp.resolve("cold.tar"), "(output 'out') needs /nix/store/", "--offline forbids");
      assertThat(server.requests()).isEmpty();

      assertSucceeded(buildFrom(server.url(), temp.resolve("warm.tar")));
    }
    Path image = temp.resolve("offline.tar");
    assertSucceeded(buildFrom("http://127.0.0.1:1", image, "--offline"));
    assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
  }

  @Test
  void tamperedNar_isRefusedNamingPathCacheAndHash() throws IOException {
    String narUrl = narInfo(cacheDir("xz"), packages.hello()).url();
    try (CacheServer server =
        CacheServer.serve(cacheDir("xz")).rewrite(path -> path.equals("/" + narUrl), BinaryCacheIT::flipAByte)) {
      Path image = temp.resolve("image.tar");
      Outcome outcome = buildFrom(server.url(), image);
      assertFailed(outcome, image, "Refusing " + packages.hello() + " from " + server.url(), "FileHash");
    }
    assertThat(narsKept()).noneMatch(name -> name.startsWith(narInfo(cacheDir("xz"), packages.hello()).narHash().nix32()));
    assertThat(downloadsInProgress()).as("no temporary file survives the failure").isEmpty();
  }

  @Test
  void damagedKeptNar_isFetchedAgain_andTheImageIsUnchanged() throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir("zstd"))) {
      assertSucceeded(buildFrom(server.url(), temp.resolve("first.tar")));
      long narRequests = server.narRequests();
      NarInfo hello = narInfo(cacheDir("zstd"), packages.hello());
      Path kept = downloadCache.resolve("v1/nar/" + hello.narHash().nix32() + ".nar");
      Files.write(kept, flipAByte(Files.readAllBytes(kept))); // same size, other bytes

      Path second = temp.resolve("second.tar");
      Outcome rerun = buildFrom(server.url(), second);

      assertSucceeded(rerun);
      assertThat(Files.readAllBytes(second)).isEqualTo(localImage);
      assertThat(rerun.stderr())
          .contains("The NAR of " + packages.hello() + " in floxj's download cache (" + kept + ") was damaged"
              + " since it was verified (its SHA-256 is not the NarHash " + hello.narHash() + "); fetching it"
              + " again from " + server.url() + ".")
          .doesNotContain("ERROR");
      assertThat(server.narRequests()).as("only the damaged NAR is fetched again").isEqualTo(narRequests + 1);
      assertThat(sha256(Files.readAllBytes(kept))).isEqualTo(hello.narHash().digest());
      assertThat(downloadsInProgress()).isEmpty();
    }
  }

  @Test
  void narinfoSignedByAnUnknownKey_isRefused() {
    TestCaches other = TestCaches.create(packages, temp.resolve("other-key"), "someone-else-1");
    try (CacheServer server = CacheServer.serve(cacheDir("xz"))) {
      Path image = temp.resolve("image.tar");
      Outcome outcome =
          build(image, "--substituter", server.url(), "--trusted-public-key", other.publicKey());
      assertFailed(
          outcome, image, "(output 'out') needs /nix/store/", server.url() + ": it is signed only by keys that are not"
              + " trusted (floxj-test-1)");
      assertThat(server.narRequests()).isZero();
    }
  }

  @Test
  void wrongNarHash_isRefusedEvenWhenSigned() {
    NarInfo greet = narInfo(cacheDir("xz"), packages.greet());
    String helloNarInfo = "/" + packages.hello().hashPart() + ".narinfo";
    try (CacheServer server =
        CacheServer.serve(cacheDir("xz"))
            .rewrite(
                path -> path.equals(helloNarInfo),
                bytes -> {
                  String text = new String(bytes, StandardCharsets.UTF_8);
                  String wrong = text.replaceAll("NarHash: .*", "NarHash: " + greet.narHash());
                  return caches.signer().sign(wrong).getBytes(StandardCharsets.UTF_8);
                })) {
      Path image = temp.resolve("image.tar");
      Outcome outcome = buildFrom(server.url(), image);
      assertFailed(outcome, image, "Refusing " + packages.hello() + " from " + server.url(), "NarHash says " + greet.narHash());
    }
  }

  @Test
  void truncatedDownload_isRefusedAsCutShort() {
    String narUrl = narInfo(cacheDir("zstd"), packages.bootstrap()).url();
    try (CacheServer server =
        CacheServer.serve(cacheDir("zstd"))
            .rewrite(path -> path.equals("/" + narUrl), bytes -> Arrays.copyOf(bytes, bytes.length / 2))) {
      Path image = temp.resolve("image.tar");
      Outcome outcome = buildFrom(server.url(), image);
      assertFailed(outcome, image, "Refusing " + packages.bootstrap() + " from " + server.url(), "cut short");
    }
  }

  @Test
  void serverErrors_areRetried() throws IOException {
    try (CacheServer server =
        CacheServer.serve(cacheDir("bzip2"))
            .fail(path -> path.endsWith(".narinfo"), 503, 1)
            .fail(path -> path.startsWith("/nar/"), 500, 2)) {
      Path image = temp.resolve("image.tar");
      assertSucceeded(buildFrom(server.url(), image));
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
      assertThat(server.narRequests()).isEqualTo(9 + 2);
    }
  }

  @Test
  void gzipEncodedNarinfos_areDecoded() throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir("none")).gzipNarInfos()) {
      Path image = temp.resolve("image.tar");
      assertSucceeded(buildFrom(server.url(), image));
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
    }
  }

  @Test
  void pathMissingFromEveryCache_namesPathPackageAndEveryCache() {
    Path onlyHello = caches.cache("only-hello", "xz", packages.hello());
    env =
        FloxEnvFixture.named("hello-and-greet")
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .catalog(CatalogPackage.of("greet", packages.greet()))
            .writeTo(temp.resolve("hello-and-greet"));
    try (CacheServer server = CacheServer.serve(onlyHello)) {
      Path image = temp.resolve("image.tar");
      Outcome outcome =
          build(image, "--substituter", server.url(), "--substituter", onlyHello.toUri().toString(),
              "--trusted-public-key", caches.publicKey());
      assertFailed(
          outcome,
          image,
          "Package 'greet' (output 'out') needs " + packages.greet(),
          "there is no Nix store at " + emptyStore,
          server.url() + ": not there",
          onlyHello.toUri() + ": not there");
    }
  }

  @Test
  void unreachableCache_isAClearError() {
    Path image = temp.resolve("image.tar");
    Outcome outcome = buildFrom("http://127.0.0.1:1", image);
    assertFailed(outcome, image, "http://127.0.0.1:1: unreachable (");
  }

  @Test
  void narWithDotDotName_isRefused() throws IOException {
    StorePath evil = new StorePath("/nix/store/0123456789abcdfghijklmnpqrsvwxyz-evil-1.0");
    byte[] nar =
        NarBuilder.nar().directory()
            .entry("..").directory().entry("escaped").file("gotcha", false).endEntry().end().endEntry()
            .end().bytes();
    Path cache = temp.resolve("evil-cache");
    Files.createDirectories(cache.resolve("nar"));
    Files.writeString(cache.resolve("nix-cache-info"), "StoreDir: /nix/store\n");
    Files.write(cache.resolve("nar/evil.nar"), nar);
    String hash = "sha256:" + Nix32.encode(sha256(nar));
    String narInfo =
        "StorePath: " + evil + "\nURL: nar/evil.nar\nCompression: none\nFileHash: " + hash + "\nFileSize: "
            + nar.length + "\nNarHash: " + hash + "\nNarSize: " + nar.length + "\nReferences: \n";
    Files.writeString(cache.resolve(evil.hashPart() + ".narinfo"), caches.signer().sign(narInfo));
    env = FloxEnvFixture.named("evil").storePath("evil", evil).writeTo(temp.resolve("evil-env"));
    try (CacheServer server = CacheServer.serve(cache)) {
      Path image = temp.resolve("image.tar");
      Outcome outcome = buildFrom(server.url(), image);
      assertFailed(outcome, image, "Refusing " + evil + " from " + server.url(), "named '..'");
    }
  }

  @Test
  void unsignedCache_needsNoCheckSigs_whichWarnsLoudly() throws IOException {
    try (CacheServer server =
        CacheServer.serve(cacheDir("xz"))
            .rewrite(
                path -> path.endsWith(".narinfo"),
                bytes -> new String(bytes, StandardCharsets.UTF_8).replaceAll("Sig: .*\n", "").getBytes(StandardCharsets.UTF_8))) {
      Path refused = temp.resolve("refused.tar");
      assertFailed(buildFrom(server.url(), refused), refused, "it is not signed");

      Path image = temp.resolve("image.tar");
      Outcome outcome = build(image, "--substituter", server.url(), "--no-check-sigs", "-q");
      assertSucceeded(outcome);
      assertThat(outcome.stderr()).startsWith("! --no-check-sigs is on");
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
    }
  }

  @Test
  void nixConfiguration_namesTheCaches_flagsWin() throws IOException {
    try (CacheServer server = CacheServer.serve(cacheDir("xz"))) {
      String config = "substituters = " + server.url() + "\ntrusted-public-keys = " + caches.publicKey() + "\n";
      Path image = temp.resolve("image.tar");
      assertSucceeded(
          isolated(floxj(), temp)
              .env("NIX_CONFIG", config)
              .run("containerize", "-d", environment.toString(), "--store", emptyStore.toString(),
                  "--cache-dir", downloadCache.toString(), "-f", image.toString()));
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
    }
    try (CacheServer server = CacheServer.serve(cacheDir("zstd"))) {
      Path image = temp.resolve("flags.tar");
      assertSucceeded(
          isolated(floxj(), temp)
              .env("NIX_CONFIG", "substituters = http://127.0.0.1:1\ntrusted-public-keys = " + caches.publicKey())
              .run("containerize", "-d", environment.toString(), "--store", emptyStore.toString(),
                  "--cache-dir", temp.resolve("other-downloads").toString(), "-f", image.toString(),
                  "--substituter", server.url()));
      assertThat(Files.readAllBytes(image)).isEqualTo(localImage);
    }
  }

  @Test
  void imageFromCaches_runsInDocker() {
    DockerEngine docker = DockerEngine.get();
    try (CacheServer server = CacheServer.serve(cacheDir("xz"))) {
      Path image = temp.resolve("image.tar");
      assertSucceeded(buildFrom(server.url(), image));
      String name = docker.load(image);
      assertThat(docker.run(name, "hello").assertSuccess().stdout()).isEqualTo("Hello, world!\n");
      assertThat(docker.run(name, "greet", "cache").assertSuccess().stdout()).isEqualTo("Hello, cache!\n");
    }
  }

  private List<String> narsKept() throws IOException {
    return filesIn(downloadCache.resolve("v1/nar"));
  }

  private List<String> downloadsInProgress() throws IOException {
    return filesIn(downloadCache.resolve("v1/tmp"));
  }

  private static List<String> filesIn(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).toList();
    }
  }

  private static NarInfo narInfo(Path cache, StorePath path) {
    try {
      return NarInfo.parse(Files.readString(cache.resolve(path.hashPart() + ".narinfo")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] flipAByte(byte[] bytes) {
    byte[] changed = bytes.clone();
    changed[changed.length / 2] ^= 0x20;
    return changed;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
