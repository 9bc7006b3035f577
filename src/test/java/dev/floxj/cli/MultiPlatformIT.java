package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.manifest.FloxJson;
import dev.floxj.store.StorePath;
import dev.floxj.testing.CacheServer;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.RegistryServer;
import dev.floxj.testing.Skopeo;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestCaches;
import dev.floxj.testing.TestCatalog;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One lock, two architectures, no emulation: the lock's aarch64-linux entries are real store
 * paths built by Nix for aarch64-linux (files that say which system they are for), which exist
 * only in a signed binary cache served on loopback, never in the local store floxj is given. The
 * OCI layout and archive floxj writes are read by skopeo; the arm64 image, copied out by skopeo
 * and loaded into Docker, holds the aarch64 paths and activation tools.
 */
class MultiPlatformIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ARM = "aarch64-linux";
  private static final String X86 = "x86_64-linux";

  @TempDir static Path shared;

  private static TestPackages host;
  private static TestPackages arm;
  private static TestCatalog catalog;
  private static Map<String, StorePath> armTools;
  private static TestCaches caches;
  private static CacheServer server;
  private static Path environment;
  private static Path layout;
  private static Path archive;
  private static Outcome built;

  @BeforeAll
  static void buildBothPlatformsIntoALayoutAndAnArchive() throws IOException {
    host = TestPackages.get();
    arm = TestPackages.forSystem(ARM);
    catalog = TestCatalog.get();
    caches = TestCaches.create(arm, shared.resolve("caches"), "floxj-arm-test-1");
    armTools = buildCatalogTools(ARM);
    List<StorePath> armPaths =
        new ArrayList<>(List.of(arm.systemInfo(), arm.netclient(), arm.path("bash"), arm.path("coreutils")));
    armPaths.addAll(armTools.values());
    Path cache = caches.cache("arm", "zstd", armPaths.toArray(StorePath[]::new));
    server = CacheServer.serve(cache);
    environment = environment(shared.resolve("env"));
    layout = shared.resolve("layout");
    archive = shared.resolve("image.oci.tar");
    built =
        run(
            "--platform", "linux/amd64,linux/arm64",
            "--to", "oci:" + layout + ":v1",
            "--to", "oci-archive:" + archive + ":v1",
            "--metadata-file", shared.resolve("metadata.json").toString());
    assertThat(built.exitCode()).as(built.stderr()).isZero();
  }

  @AfterAll
  static void stopTheCache() {
    if (server != null) {
      server.close();
    }
  }

  /**
   * An environment installing system-info and netclient (whose closure has a CA bundle and
   * locales), locked for both systems with each system's own paths, and bash and coreutils as
   * floxj's activation packages per system.
   */
  private static Path environment(Path dir) throws IOException {
    FloxEnvFixture.named("two-platforms")
        .catalog(CatalogPackage.of("system-info", host.systemInfo()))
        .catalog(CatalogPackage.of("netclient", host.netclient()))
        .writeTo(dir);
    Path lockPath = dir.resolve(".flox/env/manifest.lock");
    ObjectNode lock = (ObjectNode) JSON.readTree(lockPath.toFile());
    ArrayNode tools = lock.putArray("floxj-activation-packages");
    List<JsonNode> entries = new ArrayList<>();
    lock.get("packages").forEach(entries::add);
    for (JsonNode node : entries) {
      ObjectNode entry = (ObjectNode) node;
      String system = entry.get("system").asText();
      TestPackages packages = system.equals(ARM) ? arm : host;
      String installId = entry.get("install_id").asText();
      ((ObjectNode) entry.get("outputs")).put("out", packages.path(installId).path());
      if (installId.equals("system-info")) {
        for (String tool : List.of("bash", "coreutils")) {
          ObjectNode copy = entry.deepCopy();
          copy.put("install_id", tool).put("attr_path", tool).put("pname", tool);
          ((ObjectNode) copy.get("outputs")).put("out", packages.path(tool).path());
          tools.add(copy);
        }
      }
    }
    Files.writeString(lockPath, FloxJson.toText(lock));
    return dir;
  }

  /**
   * The catalog's image tools for {@code system} (bash, coreutils, cacert, glibcLocalesUtf8),
   * built by Nix into that system's store with extra-platforms (busybox builders), so that they
   * can be put into its binary cache: what a real system's nixpkgs paths on cache.nixos.org are.
   */
  private static Map<String, StorePath> buildCatalogTools(String system) {
    Map<String, StorePath> tools = new java.util.LinkedHashMap<>();
    for (String attribute : List.of("bash", "coreutils", "cacert", "glibcLocalesUtf8")) {
      Subprocess.Result built =
          Subprocess.of(
                  "nix", "build", "--no-link", "--json",
                  "--store", arm.storeRoot().toString(),
                  "--option", "extra-platforms", system,
                  catalog.reference() + "#legacyPackages." + system + "." + attribute)
              .env("NIX_CONFIG", TestPackages.NIX_CONFIG)
              .run()
              .assertSuccess();
      try {
        tools.put(attribute, new StorePath(JSON.readTree(built.stdout()).get(0).path("outputs").path("out").asText()));
      } catch (IOException e) {
        throw new AssertionError("nix build --json printed no JSON: " + built.describe(), e);
      }
    }
    return tools;
  }

  /**
   * floxj with the host's local store, the arm cache and nothing of the machine's Nix setup; the
   * image tools from their default source: the lock's bash and coreutils for each system, the
   * catalog's CA bundle and locales for each system (through Nix, which evaluates the foreign
   * ones without building them).
   */
  private static Outcome run(String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "containerize", "-d", environment.toString(),
                "--store", host.storeRoot().toString(),
                "--substituter", server.url(),
                "--trusted-public-key", caches.publicKey(),
                "--cache-dir", shared.resolve("downloads").toString(),
                "--catalog", catalog.reference()));
    arguments.addAll(List.of(options));
    return isolated(floxj()).env("FLOXJ_IMAGE_TOOLS", null).run(arguments.toArray(String[]::new));
  }

  private static FloxjRun isolated(FloxjRun run) {
    return run.env("NIX_CONF_DIR", shared.resolve("no-etc-nix").toString())
        .env("XDG_CONFIG_HOME", shared.resolve("no-xdg-config").toString())
        .env("XDG_CONFIG_DIRS", shared.resolve("no-xdg-dirs").toString())
        .env("NIX_USER_CONF_FILES", null)
        .env("NIX_CONFIG", TestPackages.NIX_CONFIG);
  }

  @Test
  void theLayoutHoldsAnIndexOfAmd64AndArm64V8() throws IOException {
    JsonNode index = json(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout());

    assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(index.path("manifests")).hasSize(2);
    assertThat(platformOf(index.path("manifests").get(0))).isEqualTo("linux/amd64");
    assertThat(platformOf(index.path("manifests").get(1))).isEqualTo("linux/arm64/v8");
  }

  @Test
  void skopeoPicksEachArchitectureFromTheIndex() throws IOException {
    Skopeo skopeo = Skopeo.get();
    JsonNode armImage =
        json(skopeo.run("--override-arch", "arm64", "inspect", "oci:" + layout + ":v1").stdout());
    JsonNode amdImage =
        json(skopeo.run("--override-arch", "amd64", "inspect", "oci:" + layout + ":v1").stdout());
    JsonNode armConfig =
        json(skopeo.run("--override-arch", "arm64", "inspect", "--config", "oci:" + layout + ":v1").stdout());

    assertThat(armImage.path("Architecture").asText()).isEqualTo("arm64");
    assertThat(armImage.path("Os").asText()).isEqualTo("linux");
    assertThat(armConfig.path("variant").asText()).isEqualTo("v8");
    assertThat(amdImage.path("Architecture").asText()).isEqualTo("amd64");
    // skopeo's Digest is the index's for both; the layers are each platform's own.
    assertThat(armImage.path("Layers")).isNotEqualTo(amdImage.path("Layers"));
  }

  @Test
  void theArchiveHoldsTheSameIndex() throws IOException {
    JsonNode fromArchive =
        json(Skopeo.get().run("inspect", "--raw", "oci-archive:" + archive + ":v1").stdout());
    JsonNode fromLayout = json(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout());

    assertThat(fromArchive).isEqualTo(fromLayout);
  }

  @Test
  void blobsBothPlatformsShareAreStoredOnce() throws IOException {
    JsonNode index = json(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout());
    List<Set<String>> layers = new ArrayList<>();
    Set<String> referenced = new HashSet<>();
    referenced.add(digestOf(Files.readAllBytes(layout.resolve("index.json")), index));
    for (JsonNode child : index.path("manifests")) {
      String digest = child.path("digest").asText();
      JsonNode manifest = json(Files.readAllBytes(blob(digest)));
      referenced.add(digest);
      referenced.add(manifest.path("config").path("digest").asText());
      Set<String> own = new HashSet<>();
      manifest.path("layers").forEach(layer -> own.add(layer.path("digest").asText()));
      referenced.addAll(own);
      layers.add(own);
    }
    Set<String> common = new HashSet<>(layers.get(0));
    common.retainAll(layers.get(1));
    List<String> stored;
    try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
      stored = files.map(file -> "sha256:" + file.getFileName()).toList();
    }

    // The bootstrap (busybox) is the one store path both systems' closures hold.
    assertThat(common).hasSize(1);
    assertThat(stored).containsExactlyInAnyOrderElementsOf(referenced);
    List<String> archived = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(archive))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        if (entry.getName().startsWith("blobs/sha256/") && entry.isFile()) {
          archived.add("sha256:" + entry.getName().substring("blobs/sha256/".length()));
        }
      }
    }
    assertThat(archived).containsExactlyInAnyOrderElementsOf(referenced);
  }

  @Test
  void theArm64ImageLoadedIntoDockerHoldsTheAarch64PathsAndActivationTools() throws IOException {
    DockerEngine docker = DockerEngine.get();
    String name = TestRun.unique("floxj-multiplatform") + ":arm64";
    Path dockerArchive = shared.resolve("arm64.tar");
    Skopeo.get()
        .run("--override-arch", "arm64", "copy", "oci:" + layout + ":v1", "docker-archive:" + dockerArchive + ":" + name);
    String container = null;
    try {
      docker.load(dockerArchive);
      JsonNode inspected = docker.inspect(name);
      assertThat(inspected.path("Architecture").asText()).isEqualTo("arm64");
      container = docker.command("create", "--label", TestRun.label(), name).run().assertSuccess().stdout().strip();
      Map<String, byte[]> files = exported(docker, container);

      for (String attribute : List.of("system-info", "netclient", "bash", "coreutils", "cacert", "locales")) {
        assertThat(files).as(attribute).containsKey(relative(arm.path(attribute)));
        assertThat(files).as(attribute).doesNotContainKey(relative(host.path(attribute)));
      }
      assertThat(new String(files.get(relative(arm.systemInfo()) + "/share/system-info/system")))
          .isEqualTo(ARM + "\n");
      String env = inspected.path("Config").path("Env").toString();
      assertThat(env).contains(arm.path("cacert").path()).doesNotContain(host.path("cacert").path());
      assertThat(env).contains(arm.path("locales").path());
      // The catalog's aarch64 CA bundle and locales are the image's own (and the same paths as
      // netclient's, built from one recipe); its x86_64 ones are not there.
      assertThat(files).containsKey(relative(armTools.get("cacert")));
      assertThat(files).containsKey(relative(armTools.get("glibcLocalesUtf8")));
    } finally {
      if (container != null) {
        docker.command("rm", "--force", container).run();
      }
      docker.removeImage(name);
    }
  }

  @Test
  void theAmd64ImageRunsTheHostsPaths() {
    DockerEngine docker = DockerEngine.get();
    String name = TestRun.unique("floxj-multiplatform") + ":amd64";
    Path dockerArchive = shared.resolve("amd64.tar");
    Skopeo.get()
        .run("--override-arch", "amd64", "copy", "oci:" + layout + ":v1", "docker-archive:" + dockerArchive + ":" + name);
    try {
      docker.load(dockerArchive);
      Subprocess.Result run = docker.run(name, "system-info");

      assertThat(run.stdout()).as(run.describe()).isEqualTo("built for " + X86 + "\n");
    } finally {
      docker.removeImage(name);
    }
  }

  @Test
  void theForeignPathsCameFromTheCacheAndProgressNamesEachPlatform() throws IOException {
    assertThat(server.requests())
        .anyMatch(path -> path.equals("/" + arm.systemInfo().hashPart() + ".narinfo"));
    assertThat(built.stderr())
        .contains("Writing the linux/amd64 image (platform 1 of 2)...")
        .contains("Writing the linux/arm64/v8 image (platform 2 of 2)...")
        .contains("(linux/amd64, linux/arm64/v8) written to OCI layout");
    JsonNode metadata = json(Files.readAllBytes(shared.resolve("metadata.json")));
    assertThat(metadata.path("platforms")).hasSize(2);
    assertThat(metadata.path("platforms").get(1).path("platform").asText()).isEqualTo("linux/arm64/v8");
    JsonNode index = json(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout());
    assertThat(metadata.path("platforms").get(1).path("manifest").path("digest").asText())
        .isEqualTo(index.path("manifests").get(1).path("digest").asText());
  }

  @Test
  void aDockerArchiveRefusesSeveralPlatformsNamingTheDestinationsThatTakeAnIndex() {
    Path file = shared.resolve("refused.tar");
    Outcome outcome = run("--platform", "linux/amd64", "--platform", "linux/arm64", "-f", file.toString());

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.stderr())
        .contains(
            "2 platforms make an image index, which -f " + file + " cannot hold (a docker-archive or"
                + " a runtime load holds one image); write them with --to oci:DIR, --to"
                + " oci-archive:FILE or --to docker://REGISTRY/REPO, or choose one --platform.");
    assertThat(file).doesNotExist();
  }

  @Test
  void platformAllIsEveryLinuxSystemOfTheLockAndGivesTheSameIndex() throws IOException {
    Path all = shared.resolve("all-layout");
    Outcome outcome = run("--platform", "all", "--to", "oci:" + all + ":v1");

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(json(Skopeo.get().run("inspect", "--raw", "oci:" + all + ":v1").stdout()))
        .isEqualTo(json(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout()));
  }

  @Test
  void aPushSendsEachPlatformThenTheIndexAndTheSharedLayerOnce() throws IOException {
    try (RegistryServer registry =
        RegistryServer.anonymous(Files.createDirectories(shared.resolve("registry")))) {
      String target = registry.address() + "/multi/app:v1";
      List<String> arguments =
          new ArrayList<>(
              List.of(
                  "containerize", "-d", environment.toString(),
                  "--store", host.storeRoot().toString(),
                  "--substituter", server.url(),
                  "--trusted-public-key", caches.publicKey(),
                  "--cache-dir", shared.resolve("push-cache").toString(),
                  "--catalog", catalog.reference(),
                  "--platform", "linux/amd64,linux/arm64",
                  "--to", "docker://" + target,
                  "--metadata-file", shared.resolve("push.json").toString()));
      Outcome pushed =
          isolated(floxj()).env("FLOXJ_IMAGE_TOOLS", null).run(arguments.toArray(String[]::new));
      assertThat(pushed.exitCode()).as(pushed.stderr()).isZero();

      Skopeo skopeo = Skopeo.get();
      JsonNode index = json(skopeo.run("inspect", "--tls-verify=false", "--raw", "docker://" + target).stdout());
      assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
      assertThat(platformOf(index.path("manifests").get(0))).isEqualTo("linux/amd64");
      assertThat(platformOf(index.path("manifests").get(1))).isEqualTo("linux/arm64/v8");
      JsonNode arm64 =
          json(skopeo.run("--override-arch", "arm64", "inspect", "--tls-verify=false", "docker://" + target).stdout());
      assertThat(arm64.path("Architecture").asText()).isEqualTo("arm64");
      // The same image as the layout's: same bytes, same digests.
      JsonNode layoutIndex = json(skopeo.run("inspect", "--raw", "oci:" + layout + ":v1").stdout());
      assertThat(index).isEqualTo(layoutIndex);

      List<String> requests = registry.requests();
      Set<String> common = new HashSet<>();
      List<Set<String>> layers = new ArrayList<>();
      for (JsonNode child : index.path("manifests")) {
        JsonNode manifest = json(Files.readAllBytes(blob(child.path("digest").asText())));
        Set<String> own = new HashSet<>();
        manifest.path("layers").forEach(layer -> own.add(layer.path("digest").asText()));
        layers.add(own);
      }
      common.addAll(layers.get(0));
      common.retainAll(layers.get(1));
      assertThat(common).hasSize(1);
      String sharedHex = common.iterator().next().substring("sha256:".length());
      assertThat(requests.stream().filter(r -> r.startsWith("PUT /v2/multi/app/blobs/uploads/") && r.contains(sharedHex)))
          .as("the layer both platforms share is uploaded once: %s", requests)
          .hasSize(1);
      int indexPut = requests.indexOf("PUT /v2/multi/app/manifests/v1 201");
      assertThat(indexPut).as(String.join("\n", requests)).isPositive();
      for (JsonNode child : index.path("manifests")) {
        int childPut = requests.indexOf("PUT /v2/multi/app/manifests/" + child.path("digest").asText() + " 201");
        assertThat(childPut).as("child manifest put before the index").isBetween(0, indexPut - 1);
      }
      JsonNode metadata = json(Files.readAllBytes(shared.resolve("push.json")));
      assertThat(metadata.path("destinations").get(0).path("index").path("digest").asText())
          .isEqualTo(json(Files.readAllBytes(layout.resolve("index.json"))).path("manifests").get(0).path("digest").asText());
    }
  }

  @Test
  void oneForeignPlatformIsAPlainArm64Image() throws IOException {
    Path file = shared.resolve("arm-only.tar");
    Outcome outcome = run("--platform", "linux/arm64", "-f", file.toString());

    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    JsonNode inspected = Skopeo.get().inspect(file);
    assertThat(inspected.path("Architecture").asText()).isEqualTo("arm64");
  }

  @Test
  void aPathNoCacheHasNamesThePackageTheSystemAndTheCache() throws IOException {
    Path cache = caches.cache("arm-partial", "none", arm.hello());
    try (CacheServer partial = CacheServer.serve(cache)) {
      Outcome outcome =
          isolated(floxj())
              .run(
                  "containerize", "-d", environment.toString(),
                  "--store", host.storeRoot().toString(),
                  "--substituter", partial.url(),
                  "--trusted-public-key", caches.publicKey(),
                  "--cache-dir", shared.resolve("downloads-partial").toString(),
                  "--platform", "linux/arm64", "-f", shared.resolve("partial.tar").toString());

      assertThat(outcome.exitCode()).isNotZero();
      assertThat(outcome.stderr())
          .contains("on " + ARM + " needs " + arm.path("netclient").path())
          .contains(partial.url());
    }
  }

  @Test
  void aPlatformTheLockLacksNamesTheSystemsItHas() throws IOException {
    Path dir = shared.resolve("x86-only");
    FloxEnvFixture.named("x86-only")
        .catalog(CatalogPackage.of("system-info", host.systemInfo()))
        .writeTo(dir);
    Path lockPath = dir.resolve(".flox/env/manifest.lock");
    ObjectNode lock = (ObjectNode) JSON.readTree(lockPath.toFile());
    ArrayNode kept = JSON.createArrayNode();
    lock.get("packages").forEach(entry -> {
      if (entry.get("system").asText().equals(X86)) {
        kept.add(entry);
      }
    });
    lock.set("packages", kept);
    Files.writeString(lockPath, FloxJson.toText(lock));

    Outcome outcome =
        isolated(floxj())
            .run("containerize", "-d", dir.toString(), "--store", host.storeRoot().toString(), "--offline",
                "--platform", "linux/amd64,linux/arm64", "--to", "oci:" + shared.resolve("never"));

    assertThat(outcome.exitCode()).isNotZero();
    assertThat(outcome.stderr())
        .contains("manifest.lock has no packages for linux/arm64/v8 (aarch64-linux): it has x86_64-linux;");
    assertThat(shared.resolve("never")).doesNotExist();
  }

  private static String digestOf(byte[] indexJson, JsonNode index) throws IOException {
    JsonNode entries = json(indexJson).path("manifests");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    return entries.get(0).path("digest").asText();
  }

  private static Path blob(String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static String platformOf(JsonNode descriptor) {
    JsonNode platform = descriptor.path("platform");
    String variant = platform.path("variant").asText("");
    return platform.path("os").asText() + "/" + platform.path("architecture").asText()
        + (variant.isEmpty() ? "" : "/" + variant);
  }

  private static String relative(StorePath path) {
    return path.path().substring(1);
  }

  /** {@code docker export} of a created container: every file's name (no leading /) and bytes. */
  private static Map<String, byte[]> exported(DockerEngine docker, String container) throws IOException {
    Path exportedTar = shared.resolve(container + ".tar");
    docker.command("export", container).stdoutTo(exportedTar).run().assertSuccess();
    Map<String, byte[]> files = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(exportedTar))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        String name = entry.getName().replaceAll("/$", "");
        files.put(name, entry.isFile() ? tar.readAllBytes() : new byte[0]);
      }
    }
    return files;
  }

  private static JsonNode json(byte[] bytes) throws IOException {
    return JSON.readTree(bytes);
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
