package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.Prerequisites;
import dev.floxj.testing.Skopeo;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code containerize --to}: OCI layouts and archives, several tags, --iidfile and
 * --metadata-file, checked with skopeo, umoci and a real Docker engine.
 */
class DestinationsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestPackages packages;

  @TempDir Path temp;
  private final List<String> loadedImages = new ArrayList<>();

  @BeforeAll
  static void buildPackages() {
    packages = TestPackages.get();
  }

  @AfterEach
  void removeImages() {
    if (!loadedImages.isEmpty()) {
      DockerEngine docker = DockerEngine.get();
      loadedImages.forEach(docker::removeImage);
    }
  }

  private Path environment(String name) {
    return FloxEnvFixture.named(name)
        .catalog(CatalogPackage.of("hello", packages.hello()))
        .writeTo(temp.resolve("env-" + name));
  }

  private Outcome containerize(Path env, String... arguments) {
    List<String> command =
        new ArrayList<>(List.of("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString()));
    command.addAll(List.of(arguments));
    return floxj().env("DOCKER_HOST", System.getenv("DOCKER_HOST")).run(command.toArray(String[]::new));
  }

  private static Path umoci() {
    return Prerequisites.requireOnPath("umoci", "install Debian's umoci");
  }

  @Test
  void ociLayout_isAcceptedBySkopeoAndUmoci_andUnpacksTheEnvironment() throws IOException {
    Path layout = temp.resolve("layout");
    Outcome outcome = containerize(environment("oci-hello"), "--to", "oci:" + layout + ":v1");
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).isEmpty();
    assertThat(outcome.stderr()).contains("⚡︎ 'oci-hello:v1' written to OCI layout '" + layout + "'");

    JsonNode inspected = Skopeo.get().json("inspect", "oci:" + layout + ":v1");
    assertThat(inspected.path("Architecture").asText()).isIn("amd64", "arm64");
    assertThat(inspected.path("Layers").size()).isEqualTo(3);
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    assertThat(index.path("manifests").get(0).path("annotations").path("io.containerd.image.name").asText())
        .isEqualTo("docker.io/library/oci-hello:v1");

    Path bundle = temp.resolve("bundle");
    Subprocess.of(umoci().toString(), "unpack", "--rootless", "--image", layout + ":v1", bundle.toString())
        .run()
        .assertSuccess();
    Path hello = bundle.resolve("rootfs").resolve(packages.hello().path().substring(1)).resolve("bin/hello");
    assertThat(hello).isRegularFile();
    assertThat(bundle.resolve("rootfs/etc/passwd")).isRegularFile();
  }

  @Test
  void existingLayout_getsTheNewTag_andKeepsTheOldTagsEntryAndBlobs() throws IOException {
    Path layout = temp.resolve("shared");
    Path env = environment("keep");
    assertThat(containerize(env, "-q", "--to", "oci:" + layout + ":old").exitCode()).isZero();
    JsonNode before = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests").get(0);
    List<Path> blobsBefore = blobs(layout);

    // Another image (another label) under a new tag, then the same tag moved.
    assertThat(containerize(env, "-q", "--label", "v=2", "--to", "oci:" + layout + ":new").exitCode()).isZero();
    JsonNode manifests = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(manifests.get(0)).isEqualTo(before);
    assertThat(blobs(layout)).containsAll(blobsBefore);
    Skopeo skopeo = Skopeo.get();
    String oldDigest = skopeo.json("inspect", "oci:" + layout + ":old").path("Digest").asText();
    String newDigest = skopeo.json("inspect", "oci:" + layout + ":new").path("Digest").asText();
    assertThat(oldDigest).isEqualTo(before.path("digest").asText()).isNotEqualTo(newDigest);

    assertThat(containerize(env, "-q", "--label", "v=2", "--to", "oci:" + layout + ":old").exitCode()).isZero();
    manifests = JSON.readTree(layout.resolve("index.json").toFile()).path("manifests");
    assertThat(manifests).hasSize(2);
    assertThat(skopeo.json("inspect", "oci:" + layout + ":old").path("Digest").asText()).isEqualTo(newDigest);
    try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
      assertThat(files).allSatisfy(blob -> assertThat(blob.getFileName().toString()).doesNotStartWith("."));
    }
  }

  @Test
  void ociArchive_isReadBySkopeo_andCopiedToDocker_runsHello() throws IOException {
    DockerEngine docker = DockerEngine.get();
    Path archive = temp.resolve("image.oci.tar");
    Outcome outcome = containerize(environment("oci-archive"), "-q", "--to", "oci-archive:" + archive + ":v1");
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    Skopeo skopeo = Skopeo.get();
    JsonNode inspected = skopeo.json("inspect", "oci-archive:" + archive + ":v1");
    assertThat(inspected.path("Layers").size()).isEqualTo(3);
    assertThat(temp.toFile().list()).allMatch(name -> !name.startsWith("."));

    Path converted = temp.resolve("converted.tar");
    String image = TestRun.unique("oci-archive") + ":v1";
    skopeo.run("copy", "oci-archive:" + archive + ":v1", "docker-archive:" + converted + ":" + image);
    loadedImages.add(image);
    assertThat(docker.load(converted)).isEqualTo(image);
    assertThat(docker.run(image, "hello").stdout()).isEqualTo("Hello, world!\n");
  }

  @Test
  void severalTags_areAllLoadedByDocker_andTheIidfileIsTheImageId() throws IOException {
    DockerEngine docker = DockerEngine.get();
    String name = TestRun.unique("tags");
    Path archive = temp.resolve("tags.tar");
    Path iidfile = temp.resolve("iid");
    Outcome outcome =
        containerize(environment(name), "-q", "-t", "v1", "-t", "v2", "--tag", "latest",
            "--to", "docker-archive:" + archive, "--iidfile", iidfile.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    loadedImages.addAll(List.of(name + ":v1", name + ":v2", name + ":latest"));

    Subprocess.Result load = docker.command("load", "-i", archive.toString()).run().assertSuccess();
    assertThat(load.stdout()).contains("Loaded image: " + name + ":v1", "Loaded image: " + name + ":v2", "Loaded image: " + name + ":latest");
    String images = docker.command("images", "--format", "{{.Repository}}:{{.Tag}}", name).run().assertSuccess().stdout();
    assertThat(images.lines()).containsExactlyInAnyOrder(name + ":v1", name + ":v2", name + ":latest");
    String id = docker.command("image", "inspect", "--format", "{{.Id}}", name + ":v2").run().assertSuccess().stdout().strip();
    assertThat(Files.readString(iidfile)).isEqualTo(id);
  }

  @Test
  void severalDestinationsInOneRun_holdTheSameImage_andTheMetadataMatchesSkopeo() throws Exception {
    DockerEngine docker = DockerEngine.get();
    String name = TestRun.unique("meta");
    Path layout = temp.resolve("meta-layout");
    Path archive = temp.resolve("meta.oci.tar");
    Path dockerArchive = temp.resolve("meta.tar");
    Path metadata = temp.resolve("metadata.json");
    Path iidfile = temp.resolve("iid");
    Outcome outcome =
        containerize(environment(name), "-t", "v1",
            "--to", "oci:" + layout, "--to", "oci-archive:" + archive, "--to", "docker-archive:" + dockerArchive,
            "--to", "docker-daemon:", "--metadata-file", metadata.toString(), "--iidfile", iidfile.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    loadedImages.add(name + ":v1");
    assertThat(outcome.stderr())
        .contains("written to OCI layout", "written to OCI archive", "written to file '" + dockerArchive + "'", "written to Docker runtime")
        .containsOnlyOnce("Creating layer 1 from paths");

    JsonNode meta = JSON.readTree(metadata.toFile());
    Skopeo skopeo = Skopeo.get();
    JsonNode fromLayout = skopeo.json("inspect", "oci:" + layout + ":v1");
    JsonNode rawManifest = JSON.readTree(skopeo.run("inspect", "--raw", "oci:" + layout + ":v1").stdout());
    byte[] config = skopeo.run("inspect", "--config", "--raw", "oci:" + layout + ":v1").stdout().getBytes(StandardCharsets.UTF_8);
    String configDigest = "sha256:" + sha256(config);

    assertThat(meta.path("imageId").asText()).isEqualTo(configDigest).isEqualTo(Files.readString(iidfile));
    assertThat(rawManifest.path("config").path("digest").asText()).isEqualTo(configDigest);
    JsonNode layoutEntry = meta.path("destinations").get(0);
    assertThat(layoutEntry.path("destination").asText()).isEqualTo("oci:" + layout);
    assertThat(layoutEntry.path("references").get(0).asText()).isEqualTo(name + ":v1");
    assertThat(layoutEntry.path("manifest").path("digest").asText()).isEqualTo(fromLayout.path("Digest").asText());
    List<String> layerDigests = new ArrayList<>();
    layoutEntry.path("layers").forEach(layer -> layerDigests.add(layer.path("digest").asText()));
    List<String> skopeoLayers = new ArrayList<>();
    fromLayout.path("Layers").forEach(layer -> skopeoLayers.add(layer.asText()));
    assertThat(layerDigests).isEqualTo(skopeoLayers);
    assertThat(meta.path("layers").get(1).path("storePaths").get(0).asText()).isEqualTo(packages.hello().path());
    assertThat(meta.path("layers").get(1).path("diffId").asText()).isEqualTo(skopeoLayers.get(1));

    JsonNode fromArchive = skopeo.json("inspect", "oci-archive:" + archive + ":v1");
    assertThat(fromArchive.path("Digest").asText()).isEqualTo(fromLayout.path("Digest").asText());
    JsonNode fromDockerArchive = skopeo.json("inspect", "docker-archive:" + dockerArchive);
    assertThat(fromDockerArchive.path("Layers")).isEqualTo(fromLayout.path("Layers"));
    String id = docker.command("image", "inspect", "--format", "{{.Id}}", name + ":v1").run().assertSuccess().stdout().strip();
    assertThat(id).isEqualTo(configDigest);
  }

  @Test
  void gzipLayers_areDeterministic_andAcceptedBySkopeoAndUmoci() throws Exception {
    Path env = environment("gzip");
    Path first = temp.resolve("gzip-1");
    Path second = temp.resolve("gzip-2");
    assertThat(containerize(env, "-q", "--compression", "gzip", "--to", "oci:" + first + ":v1").exitCode()).isZero();
    assertThat(containerize(env, "-q", "--compression", "gzip", "--to", "oci:" + second + ":v1").exitCode()).isZero();
    assertThat(Files.readAllBytes(first.resolve("index.json"))).isEqualTo(Files.readAllBytes(second.resolve("index.json")));
    assertThat(blobs(first).stream().map(Path::getFileName).toList())
        .isEqualTo(blobs(second).stream().map(Path::getFileName).toList());

    JsonNode raw = JSON.readTree(Skopeo.get().run("inspect", "--raw", "oci:" + first + ":v1").stdout());
    assertThat(raw.path("layers").get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    JsonNode inspected = Skopeo.get().json("inspect", "oci:" + first + ":v1");
    assertThat(inspected.path("Layers").size()).isEqualTo(3);
    Path bundle = temp.resolve("gzip-bundle");
    Subprocess.of(umoci().toString(), "unpack", "--rootless", "--image", first + ":v1", bundle.toString()).run().assertSuccess();
    assertThat(bundle.resolve("rootfs").resolve(packages.hello().path().substring(1)).resolve("bin/hello")).isRegularFile();
  }

  @Test
  void dockerArchiveToStdout_isTodaysStream_andDashFAddsADestinationBesideTo() throws IOException {
    Path env = environment("stdout");
    Outcome viaTo = containerize(env, "-q", "--to", "docker-archive:-");
    Outcome viaFile = containerize(env, "-q", "-f", "-");
    assertThat(viaTo.exitCode()).as(viaTo.stderr()).isZero();
    assertThat(viaTo.stdout()).isNotEmpty().isEqualTo(viaFile.stdout());

    Path archive = temp.resolve("both.tar");
    Path layout = temp.resolve("both-layout");
    Outcome both = containerize(env, "-f", archive.toString(), "--to", "oci:" + layout);
    assertThat(both.exitCode()).as(both.stderr()).isZero();
    assertThat(Files.readAllBytes(archive)).isEqualTo(viaFile.stdout());
    assertThat(both.stderr())
        .contains("⚡︎ 'stdout:latest' written to OCI layout '" + layout + "'")
        .contains("⚡︎ 'stdout:latest' written to file '" + archive + "'");

    Outcome twoStdouts = containerize(env, "-f", "-", "--to", "docker-archive:-");
    assertThat(twoStdouts.exitCode()).isEqualTo(1);
    assertThat(twoStdouts.stderr()).contains("Only one destination can be stdout").doesNotContain("Building container");
    assertThat(twoStdouts.stdout()).isEmpty();
  }

  @Test
  void zstdLayers_haveOciZstdTypes_andAreValidZstdFrames() throws Exception {
    Path layout = temp.resolve("zstd");
    Outcome outcome = containerize(environment("zstd"), "-q", "--compression", "zstd", "--to", "oci:" + layout + ":v1");
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    JsonNode raw = JSON.readTree(Skopeo.get().run("inspect", "--raw", "oci:" + layout + ":v1").stdout());
    assertThat(raw.path("layers")).allSatisfy(layer ->
        assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd"));
    assertThat(Skopeo.get().json("inspect", "oci:" + layout + ":v1").path("Layers").size()).isEqualTo(3);
    Path zstd = Prerequisites.requireOnPath("zstd", "install Debian's zstd");
    String blob = raw.path("layers").get(1).path("digest").asText().substring("sha256:".length());
    Subprocess.Result test = Subprocess.of(zstd.toString(), "-t", layout.resolve("blobs/sha256/" + blob).toString()).run();
    assertThat(test.exitCode()).as(test.describe()).isZero();
  }

  @Test
  void aDirectoryThatIsNoLayout_isRefusedInOneSentence_andLeftAlone() throws IOException {
    Path directory = Files.createDirectories(temp.resolve("not-a-layout"));
    Files.writeString(directory.resolve("notes.txt"), "mine");
    Outcome outcome = containerize(environment("refused"), "--to", "oci:" + directory);
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains(directory + " exists and is not an OCI image layout")
        .doesNotContain("Building container")
        .doesNotContain("Exception");
    try (Stream<Path> files = Files.list(directory)) {
      assertThat(files).containsExactly(directory.resolve("notes.txt"));
    }
  }

  @Test
  void unwritablePathsAndBadSyntax_failInOneSentence_andWriteNothing() throws IOException {
    Path env = environment("bad");
    Path file = Files.writeString(temp.resolve("a-file"), "x");
    Outcome underFile = containerize(env, "--to", "oci:" + file.resolve("layout"));
    assertThat(underFile.exitCode()).isEqualTo(1);
    assertThat(underFile.stderr()).contains("Cannot create " + file.resolve("layout")).contains(file + " is not a directory");

    Outcome missingDirectory = containerize(env, "--to", "oci-archive:" + temp.resolve("no/such/dir/x.tar"));
    assertThat(missingDirectory.exitCode()).isEqualTo(1);
    assertThat(missingDirectory.stderr()).contains("the directory " + temp.resolve("no/such/dir") + " does not exist");

    // Syntax is a usage error (docs/cli.md): exit 2, found before anything is done.
    Outcome unknown = containerize(env, "--to", "tarball:/tmp/x");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr()).contains("Invalid value for option '--to' (DEST): 'tarball:/tmp/x' names no known destination");

    Outcome badTag = containerize(env, "--to", "oci:" + temp.resolve("t") + ":-bad");
    assertThat(badTag.exitCode()).isEqualTo(2);
    assertThat(badTag.stderr()).contains("'-bad' cannot be an image tag");

    Outcome registry = containerize(env, "--to", "docker://127.0.0.1:5999/team/bad:v1");
    assertThat(registry.exitCode()).isEqualTo(1);
    assertThat(registry.stderr()).contains("Cannot push to the registry 127.0.0.1:5999: nothing answers at http://127.0.0.1:5999");
    for (Outcome outcome : List.of(underFile, missingDirectory, unknown, badTag, registry)) {
      assertThat(outcome.stderrLines()).filteredOn(line -> line.contains("ERROR")).hasSize(1);
      assertThat(outcome.stdout()).isEmpty();
    }
    assertThat(temp.resolve("t")).doesNotExist();
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("."));
    }
  }

  private static List<Path> blobs(Path layout) throws IOException {
    try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
      return files.sorted().toList();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
