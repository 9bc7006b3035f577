package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import dev.floxj.store.StorePath;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.RegistryServer;
import dev.floxj.testing.Skopeo;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layer-digest cache end to end, on a private copy of the test store (so that a test may
 * change a store file or a NAR hash without touching the store other tests share). "Opens no
 * store file" is shown by changing the bytes of a file in the store after the first run: a run
 * that read it would give other digests (a run with --no-cache does), a run that did not gives
 * the first run's image.
 */
class LayerDigestCacheIT {
  private static TestPackages packages;

  @TempDir Path temp;
  private Path store;
  private Path env;
  private Path cache;

  @BeforeAll
  static void buildPackages() {
    packages = TestPackages.get();
  }

  @BeforeEach
  void copyTheStore() throws IOException {
    store = temp.resolve("store");
    Files.createDirectories(store);
    Subprocess.of("cp", "-a", packages.storeRoot().resolve("nix").toString(), store.toString()).run().assertSuccess();
    env = FloxEnvFixture.named("cached").catalog(CatalogPackage.of("hello", packages.hello())).writeTo(temp.resolve("env"));
    cache = temp.resolve("cache");
  }

  private Outcome containerize(String... arguments) {
    List<String> command = new ArrayList<>(List.of("containerize", "-d", env.toString(), "--store", store.toString(), "-q"));
    command.addAll(List.of(arguments));
    Outcome outcome = floxj().run(command.toArray(String[]::new));
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    return outcome;
  }

  private Path hello() {
    return store.resolve("nix/store").resolve(packages.hello().baseName()).resolve("bin/hello");
  }

  /** Gives the store file other bytes (the store is read-only, as Nix leaves it). */
  private void changeStoreFile(Path file) throws IOException {
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(file, "#!/bin/sh\necho changed behind floxj's back\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r-xr-xr-x"));
  }

  private static String manifestDigest(Path layout) throws IOException {
    JsonNode index = Json.mapper().readTree(Files.readAllBytes(layout.resolve("index.json")));
    assertThat(index.path("manifests")).hasSize(1);
    return index.path("manifests").get(0).path("digest").asText();
  }

  private static JsonNode manifest(Path layout) throws IOException {
    return Json.mapper().readTree(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifestDigest(layout).substring(7))));
  }

  private static List<String> layerDigests(Path layout) throws IOException {
    List<String> digests = new ArrayList<>();
    manifest(layout).path("layers").forEach(layer -> digests.add(layer.path("digest").asText()));
    return digests;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(Files.readAllBytes(file));
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  /** Every blob of the layout hashes to its name: skopeo and umoci trust names, so check here. */
  private static void assertBlobsMatchTheirNames(Path layout) throws Exception {
    try (Stream<Path> blobs = Files.list(layout.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        assertThat(sha256(blob)).as(blob.toString()).isEqualTo("sha256:" + blob.getFileName());
      }
    }
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> files = Files.list(cache.resolve("layer-digests/v2"))) {
      return files.sorted().toList();
    }
  }

  @Test
  void warmRewriteOfAnOciLayout_readsNoStoreFileOfItsLayers_andWritesTheSameImage() throws Exception {
    Path layout = temp.resolve("layout");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    String first = manifestDigest(layout);
    assertThat(entries()).isNotEmpty();

    changeStoreFile(hello());
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    assertThat(manifestDigest(layout)).as("no layer was read again").isEqualTo(first);
    assertThat(Skopeo.get().json("inspect", "oci:" + layout + ":v1").path("Digest").asText()).isEqualTo(first);

    // The oracle works: a run that reads the store sees the changed file.
    Path cold = temp.resolve("cold");
    containerize("--no-cache", "--cache-dir", cache.toString(), "--to", "oci:" + cold + ":v1");
    assertThat(manifestDigest(cold)).isNotEqualTo(first);
  }

  @Test
  void warmRewriteWithGzip_skipsTheLayersToo() throws Exception {
    Path layout = temp.resolve("layout");
    containerize("--cache-dir", cache.toString(), "--compression", "gzip", "--to", "oci:" + layout);
    String first = manifestDigest(layout);
    changeStoreFile(hello());
    containerize("--cache-dir", cache.toString(), "--compression", "gzip", "--to", "oci:" + layout);
    assertThat(manifestDigest(layout)).isEqualTo(first);
    assertThat(manifest(layout).path("layers").get(0).path("mediaType").asText()).endsWith("tar+gzip");
  }

  @Test
  void aStorePathWhoseNarHashChangedUnderTheSameName_getsANewDigest() throws Exception {
    Path layout = temp.resolve("layout");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    List<String> before = layerDigests(layout);

    // As if hello was garbage-collected and rebuilt with other bytes: same name, new NAR hash.
    changeStoreFile(hello());
    StorePath path = packages.hello();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("nix/var/nix/db/db.sqlite"));
        PreparedStatement update = db.prepareStatement("UPDATE ValidPaths SET hash = ? WHERE path = ?")) {
      update.setString(1, "sha256:" + "ab".repeat(32));
      update.setString(2, path.path());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    List<String> after = layerDigests(layout);
    assertThat(after).isNotEqualTo(before);
    assertBlobsMatchTheirNames(layout);

    Path cold = temp.resolve("cold");
    containerize("--no-cache", "--to", "oci:" + cold + ":v1");
    assertThat(manifestDigest(layout)).as("the same image as a run without the cache").isEqualTo(manifestDigest(cold));
  }

  @Test
  void oneChangedPackage_isTheOnlyOneRead() throws Exception {
    Path layout = temp.resolve("layout");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    List<String> before = layerDigests(layout);

    // hello rebuilt (new NAR hash); the bootstrap's busybox changed behind Nix's back (same NAR
    // hash): a run that read the bootstrap's layer again would give it another digest.
    changeStoreFile(hello());
    changeStoreFile(store.resolve("nix/store").resolve(packages.bootstrap().baseName()).resolve("busybox"));
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + store.resolve("nix/var/nix/db/db.sqlite"));
        PreparedStatement update = db.prepareStatement("UPDATE ValidPaths SET hash = ? WHERE path = ?")) {
      update.setString(1, "sha256:" + "cd".repeat(32));
      update.setString(2, packages.hello().path());
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    List<String> after = layerDigests(layout);
    assertThat(after).hasSameSizeAs(before);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < after.size(); i++) {
      if (!after.get(i).equals(before.get(i))) {
        changed.add(manifest(layout).path("layers").get(i).path("digest").asText());
      }
    }
    JsonNode config = Json.mapper().readTree(Files.readAllBytes(layout.resolve("blobs/sha256").resolve(manifest(layout).path("config").path("digest").asText().substring(7))));
    List<String> comments = new ArrayList<>();
    config.path("history").forEach(h -> comments.add(h.path("comment").asText()));
    for (int i = 0; i < after.size(); i++) {
      boolean holdsHello = comments.get(i).contains(packages.hello().path());
      boolean holdsBootstrap = comments.get(i).contains(packages.bootstrap().path());
      if (holdsHello) {
        assertThat(after.get(i)).as("hello's layer is read again").isNotEqualTo(before.get(i));
      } else if (holdsBootstrap) {
        assertThat(after.get(i)).as("the bootstrap's layer is not read").isEqualTo(before.get(i));
      }
    }
    assertThat(changed).isNotEmpty();
  }

  @Test
  void corruptedEntries_areDetected_andTheOutputStaysCorrect() throws Exception {
    Path layout = temp.resolve("layout");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    String first = manifestDigest(layout);
    List<Path> entries = entries();
    assertThat(entries).hasSizeGreaterThanOrEqualTo(2);

    // One entry under another layer's name (whole, valid checksum, the wrong identity); one with
    // a digit changed; one cut short. The layout holds every blob, so a trusted entry would skip.
    Files.copy(entries.get(0), entries.get(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    String text = Files.readString(entries.get(0), StandardCharsets.UTF_8);
    int at = text.indexOf("diffId sha256:") + "diffId sha256:".length();
    char changed = text.charAt(at) == '0' ? '1' : '0';
    Files.writeString(entries.get(0), text.substring(0, at) + changed + text.substring(at + 1), StandardCharsets.UTF_8);
    if (entries.size() > 2) {
      byte[] whole = Files.readAllBytes(entries.get(2));
      Files.write(entries.get(2), java.util.Arrays.copyOf(whole, whole.length / 2));
    }

    Path fresh = temp.resolve("fresh");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + fresh + ":v1");
    assertThat(manifestDigest(fresh)).isEqualTo(first);
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + layout + ":v1");
    assertThat(manifestDigest(layout)).isEqualTo(first);
    assertBlobsMatchTheirNames(layout);
    for (Path entry : entries()) {
      assertEntryIsWhole(entry);
    }
  }

  /** The entry's checksum line is the SHA-256 of what follows it (docs/cache.md). */
  private static void assertEntryIsWhole(Path entry) throws Exception {
    String text = Files.readString(entry, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", 3);
    assertThat(lines[0]).isEqualTo("floxj layer-digest cache entry 2");
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digest.update(lines[2].getBytes(StandardCharsets.UTF_8));
    assertThat(lines[1]).as(entry.toString()).isEqualTo("checksum sha256:" + HexFormat.of().formatHex(digest.digest()));
  }

  @Test
  void concurrentRunsSharingTheCacheDirectory_leaveItWhole() throws Exception {
    int runs = 6;
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      List<Future<Outcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        String compression = i % 2 == 0 ? "none" : "gzip";
        Path layout = temp.resolve("layout-" + i);
        outcomes.add(pool.submit(() -> containerize("--cache-dir", cache.toString(), "--compression", compression, "--to", "oci:" + layout)));
      }
      for (Future<Outcome> outcome : outcomes) {
        outcome.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int i = 2; i < runs; i++) {
      assertThat(manifestDigest(temp.resolve("layout-" + i))).isEqualTo(manifestDigest(temp.resolve("layout-" + (i % 2))));
    }
    try (Stream<Path> files = Files.list(cache.resolve("layer-digests/v2"))) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }
    for (Path entry : entries()) {
      assertEntryIsWhole(entry);
    }
    // What the cache holds now gives the same images, reading nothing.
    changeStoreFile(hello());
    containerize("--cache-dir", cache.toString(), "--compression", "none", "--to", "oci:" + temp.resolve("layout-0"));
    containerize("--cache-dir", cache.toString(), "--compression", "gzip", "--to", "oci:" + temp.resolve("layout-1"));
    assertThat(manifestDigest(temp.resolve("layout-0"))).isEqualTo(manifestDigest(temp.resolve("layout-2")));
    assertThat(manifestDigest(temp.resolve("layout-1"))).isEqualTo(manifestDigest(temp.resolve("layout-3")));
  }

  @Test
  void dockerArchiveBytes_areTheSameWarmAndCold() throws Exception {
    Path cold = temp.resolve("cold.tar");
    containerize("--no-cache", "--cache-dir", cache.toString(), "-f", cold.toString());
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + temp.resolve("layout"));
    assertThat(entries()).isNotEmpty();
    Path warm = temp.resolve("warm.tar");
    containerize("--cache-dir", cache.toString(), "-f", warm.toString());
    assertThat(Files.readAllBytes(warm)).isEqualTo(Files.readAllBytes(cold));
  }

  @Test
  void ociArchive_warmInOnePass_isByteForByteTheColdArchive_andAContradictedEntryFallsBack() throws Exception {
    Path cold = temp.resolve("cold.tar");
    containerize("--no-cache", "--to", "oci-archive:" + cold + ":v1");
    containerize("--cache-dir", cache.toString(), "--to", "oci:" + temp.resolve("layout") + ":v1");
    Path warm = temp.resolve("warm.tar");
    containerize("--cache-dir", cache.toString(), "--to", "oci-archive:" + warm + ":v1");
    assertThat(Files.readAllBytes(warm)).isEqualTo(Files.readAllBytes(cold));
    assertThat(Skopeo.get().json("inspect", "oci-archive:" + warm + ":v1").path("Layers")).isNotEmpty();

    // A store file changed without a new NAR hash: the remembered digest is stale. The one pass
    // sees the bytes disagree, and the archive is written the staged way, right.
    changeStoreFile(hello());
    Path stale = temp.resolve("stale.tar");
    containerize("--cache-dir", cache.toString(), "--to", "oci-archive:" + stale + ":v1");
    Path coldAgain = temp.resolve("cold-again.tar");
    containerize("--no-cache", "--to", "oci-archive:" + coldAgain + ":v1");
    assertThat(Files.readAllBytes(stale)).isEqualTo(Files.readAllBytes(coldAgain)).isNotEqualTo(Files.readAllBytes(cold));
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("."));
    }
  }

  @Test
  void warmRepush_sendsNoLayerBlob_andReadsNoStoreFileOfThoseLayers() throws Exception {
    String repository = "floxj-it/cached-" + UUID.randomUUID().toString().substring(0, 8);
    try (RegistryServer registry = RegistryServer.anonymous(Files.createDirectories(temp.resolve("registry")))) {
      String target = "docker://" + registry.address() + "/" + repository + ":v1";
      Path metadata = temp.resolve("metadata.json");
      Outcome first = floxj().env("HOME", temp.toString()).run("containerize", "-d", env.toString(), "--store", store.toString(), "-q",
          "--cache-dir", cache.toString(), "--to", target, "--metadata-file", metadata.toString());
      assertThat(first.exitCode()).as(first.stderr()).isZero();
      String manifest = Json.mapper().readTree(Files.readAllBytes(metadata)).path("destinations").get(0).path("manifest").path("digest").asText();

      changeStoreFile(hello());
      registry.mark();
      Outcome again = floxj().env("HOME", temp.toString()).run("containerize", "-d", env.toString(), "--store", store.toString(), "-q",
          "--cache-dir", cache.toString(), "--to", target, "--metadata-file", metadata.toString());
      assertThat(again.exitCode()).as(again.stderr()).isZero();
      assertThat(Json.mapper().readTree(Files.readAllBytes(metadata)).path("destinations").get(0).path("manifest").path("digest").asText())
          .as("no layer was read again").isEqualTo(manifest);
      List<String> requests = registry.requests();
      assertThat(requests).noneMatch(r -> r.startsWith("PATCH ") || (r.startsWith("PUT ") && r.contains("/blobs/")));
    }
  }
}
