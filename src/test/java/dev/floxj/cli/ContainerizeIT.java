package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.layering.LayerPlan;
import dev.floxj.store.LocalStore;
import dev.floxj.store.StorePath;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.Skopeo;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** floxj containerize end to end: real Nix store paths in, a real Docker engine running the image. */
class ContainerizeIT {
  private static TestPackages packages;
  private static DockerEngine docker;

  @TempDir Path temp;

  @BeforeAll
  static void buildPackagesAndFindDocker() {
    packages = TestPackages.get();
    docker = DockerEngine.get();
  }

  private String store() {
    return packages.storeRoot().toString();
  }

  /** An environment named {@code name} made unique to this run ({@link TestRun#unique}). */
  private Path helloEnvironment(String name) {
    return FloxEnvFixture.named(TestRun.unique(name))
        .catalog(CatalogPackage.of("hello", packages.hello()))
        .writeTo(temp.resolve(name));
  }

  @Test
  void pipedIntoDockerLoad_imageRunsHello() {
    Path env = helloEnvironment("Hello-Pipe");
    Subprocess.Result pipeline =
        Subprocess.of(
                "bash",
                "-o",
                "pipefail",
                "-c",
                "\"$FLOXJ_LAUNCHER\" containerize -d \"$1\" --store \"$2\" | docker load",
                "pipeline",
                env.toString(),
                store())
            .env("FLOXJ_LAUNCHER", System.getProperty("floxj.launcher", "bin/floxj"))
            .env("FLOXJ_IMAGE_TOOLS", "none")
            .env("FLOXJ_JAR", System.getProperty("floxj.jar", "target/floxj.jar"))
            .env("DOCKER_HOST", docker.host())
            .run()
            .assertSuccess();

    String image = TestRun.unique("hello-pipe") + ":latest";
    assertThat(pipeline.stdout()).contains("Loaded image: " + image);
    assertThat(pipeline.stderr())
        .contains("Building container...")
        .contains("Creating layer 1 from paths: ['/nix/store/")
        .contains("with customisation...")
        .contains("Adding manifests...")
        .contains("Done.")
        .contains("⚡︎ '" + image + "' written to stdout");
    Subprocess.Result run = docker.run(image, "hello").assertSuccess();
    assertThat(run.stdout()).isEqualTo("Hello, world!\n");
  }

  @Test
  void edgeCasePackage_everyFileArrivesIntact() throws IOException {
    StorePath edgecases = packages.edgecases();
    Path env =
        FloxEnvFixture.named(TestRun.unique("edgecases"))
            .storePath("edgecases", edgecases)
            .storePath("odd-paths", packages.oddPaths())
            .writeTo(temp.resolve("edge"));
    Path archive = temp.resolve("edge.tar");
    Outcome outcome = floxj().run("containerize", "-d", env.toString(), "--store", store(), "-f", archive.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    String image = docker.load(archive);

    String busybox = packages.bootstrap().path() + "/busybox";
    String listing =
        "cd \"$1\" && $BB find . | while IFS= read -r f; do"
            + " if [ -L \"$f\" ]; then echo \"L|$f|$($BB readlink \"$f\")\";"
            + " elif [ -d \"$f\" ]; then echo \"D|$f|$($BB stat -c %a \"$f\")\";"
            + " else echo \"F|$f|$($BB stat -c %a \"$f\")|$($BB sha256sum < \"$f\" | $BB cut -d' ' -f1)\"; fi;"
            + " done";
    Subprocess.Result inContainer =
        docker
            .run(
                List.of("--entrypoint", busybox, "-e", "BB=" + busybox),
                image,
                "sh", "-c", listing, "listing", edgecases.path())
            .assertSuccess();

    List<String> expected = describeTree(packages.fileOf(edgecases));
    assertThat(sorted(inContainer.stdout().lines().toList())).isEqualTo(expected);
    assertThat(expected).anyMatch(line -> line.startsWith("L|"));
    assertThat(expected).anyMatch(line -> line.contains("é") || line.contains("ü"));

    Subprocess.Result others =
        docker
            .run(
                List.of("--entrypoint", busybox),
                image,
                "sh", "-c", "test -f \"$1\" && test -L \"$2\" && echo both",
                "check", packages.singleFile().path(), packages.symlinkPath().path())
            .assertSuccess();
    assertThat(others.stdout().strip()).isEqualTo("both");
  }

  /** The lines the in-container listing prints, computed from the store on the host. */
  private static List<String> describeTree(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        String name = "." + (path.equals(root) ? "" : "/" + root.relativize(path));
        if (Files.isSymbolicLink(path)) {
          lines.add("L|" + name + "|" + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          lines.add("D|" + name + "|" + mode(path));
        } else {
          lines.add("F|" + name + "|" + mode(path) + "|" + sha256(path));
        }
      }
    }
    return sorted(lines);
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static String mode(Path path) throws IOException {
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    int mode = 0;
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if (permissions.contains(permission)) {
        mode |= 1 << (8 - permission.ordinal());
      }
    }
    return Integer.toOctalString(mode);
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void maxLayers_capsTheImageAtThePlannedLayers() {
    Path env =
        FloxEnvFixture.named(TestRun.unique("many"))
            .catalog(CatalogPackage.of("many", packages.many()))
            .writeTo(temp.resolve("many"));
    Path archive = temp.resolve("many.tar");
    Outcome outcome =
        floxj().run("containerize", "-d", env.toString(), "--store", store(), "--max-layers", "5", "-v", "-f", archive.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();

    LocalStore store = LocalStore.at(packages.storeRoot());
    List<List<StorePath>> planned = LayerPlan.plan(store.closure(List.of(packages.many())), 5).layers();
    assertThat(planned).hasSize(4);
    for (int i = 0; i < planned.size(); i++) {
      String paths = planned.get(i).stream().map(p -> "'" + p + "'").reduce((a, b) -> a + ", " + b).orElseThrow();
      assertThat(outcome.stderrLines()).contains("Creating layer " + (i + 1) + " from paths: [" + paths + "]");
    }
    assertThat(outcome.stderrLines()).contains("Creating layer 5 with customisation...");

    String image = docker.load(archive);
    JsonNode inspect = docker.inspect(image);
    assertThat(inspect.path("RootFS").path("Layers").size()).isEqualTo(5);
    assertThat(docker.run(image, "many").exitCode()).isZero();
  }

  @Test
  void twoRuns_giveIdenticalBytes_thatSkopeoAccepts() throws IOException {
    Path env =
        FloxEnvFixture.named("twice")
            .catalog(CatalogPackage.of("greet", packages.greet()))
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .writeTo(temp.resolve("twice"));
    Outcome first = floxj().run("containerize", "-q", "-d", env.toString(), "--store", store(), "-f", "-");
    Outcome second = floxj().run("containerize", "-q", "-d", env.toString(), "--store", store(), "-f", "-");
    assertThat(first.exitCode()).as(first.stderr()).isZero();
    assertThat(first.stderr()).isEmpty();
    assertThat(first.stdout()).isEqualTo(second.stdout());

    Path archive = Files.write(temp.resolve("twice.tar"), first.stdout());
    JsonNode inspected = Skopeo.get().inspect(archive);
    assertThat(inspected.path("Architecture").asText()).isIn("amd64", "arm64");
    assertThat(inspected.path("Created").asText()).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(inspected.path("Layers").size()).isGreaterThan(1);
  }

  @Test
  void missingStorePath_namesThePackageAndPath_andWritesNoFile() {
    StorePath absent = StorePath.of("/nix/store/" + "0".repeat(32) + "-absent-1.0");
    Path env =
        FloxEnvFixture.named("absent")
            .catalog(CatalogPackage.of("absent", absent))
            .writeTo(temp.resolve("absent"));
    Path archive = temp.resolve("absent.tar");
    Outcome outcome = floxj().run("containerize", "-d", env.toString(), "--store", store(), "-f", archive.toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderrLines()).hasSize(2);
    assertThat(outcome.stderr()).contains("✘ ERROR: Package 'absent'").contains(absent.path()).doesNotContain("Exception");
    assertThat(archive).doesNotExist();
    assertThat(temp.toFile().list()).allMatch(name -> !name.endsWith(".partial"));
  }

  @Test
  void fullDisk_isAClearError_andLeavesNoPartialFile() throws Exception {
    Path small = Files.createDirectories(temp.resolve("small"));
    Subprocess.Result mount = Subprocess.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()).run();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        mount.succeeded() || dev.floxj.testing.Prerequisites.onCi(), "needs root to mount a small tmpfs");
    assertThat(mount.succeeded()).as(mount.describe()).isTrue();
    try {
      Path env = helloEnvironment("full");
      Outcome outcome =
          floxj().run("containerize", "-d", env.toString(), "--store", store(), "-f", small.resolve("image.tar").toString());
      assertThat(outcome.exitCode()).isEqualTo(1);
      assertThat(outcome.stderr()).contains("✘ ERROR: Writing the image to " + small.resolve("image.tar")).contains("No space left");
      assertThat(small.toFile().list()).isEmpty();
    } finally {
      Subprocess.of("umount", small.toString()).run();
    }
  }

  @Test
  void readerStoppingEarly_endsFloxjWithAClearMessage() {
    Path env = helloEnvironment("broken-pipe");
    Subprocess.Result pipeline =
        Subprocess.of(
                "bash", "-c",
                "\"$FLOXJ_LAUNCHER\" containerize -d \"$1\" --store \"$2\" | head -c 1000 > /dev/null; echo \"floxj=${PIPESTATUS[0]}\"",
                "pipeline", env.toString(), store())
            .env("FLOXJ_LAUNCHER", System.getProperty("floxj.launcher", "bin/floxj"))
            .env("FLOXJ_IMAGE_TOOLS", "none")
            .env("FLOXJ_JAR", System.getProperty("floxj.jar", "target/floxj.jar"))
            .run()
            .assertSuccess();
    assertThat(pipeline.stdout().strip()).isEqualTo("floxj=1");
    assertThat(pipeline.stderr()).contains("✘ ERROR: Writing the image to stdout failed").doesNotContain("at dev.floxj");
  }

  @Test
  void terminalStdout_isNeverWrittenTo() {
    Path env = helloEnvironment("tty");
    Outcome outcome = floxj().stdoutIsTerminal(true).run("containerize", "-d", env.toString(), "--store", store(), "-f", "-");
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stdout()).isEmpty();
    assertThat(outcome.stderr()).contains("Refusing to write an image to a terminal");
  }

  @Test
  void terminalStdout_withoutDestination_loadsIntoDockerOnPath() {
    Path env = helloEnvironment("Tty-Load");
    Outcome outcome =
        floxj().stdoutIsTerminal(true).env("DOCKER_HOST", docker.host())
            .run("containerize", "-d", env.toString(), "--store", store());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(outcome.stdout()).isEmpty();
    String image = TestRun.unique("tty-load") + ":latest";
    assertThat(outcome.stderr()).contains("Loaded image: " + image).contains("⚡︎ '" + image + "' written to Docker runtime");
    assertThat(docker.run(image, "hello").stdout()).isEqualTo("Hello, world!\n");
  }

  @Test
  void terminalStdout_withoutRuntimeOnPath_writesNameContainerTar() {
    Path env = helloEnvironment("No-Runtime");
    Outcome outcome =
        floxj().stdoutIsTerminal(true).env("PATH", temp.resolve("empty-bin").toString()).in(temp)
            .run("containerize", "-d", env.toString(), "--store", store());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    String name = TestRun.unique("no-runtime");
    Path written = temp.resolve(name + "-container.tar");
    assertThat(outcome.stderr()).contains("⚡︎ '" + name + ":latest' written to file '" + written + "'");
    assertThat(docker.load(written)).isEqualTo(name + ":latest");
  }

  @Test
  void runtimeThatFails_reportsItsStderr() {
    Path env = helloEnvironment("dead-runtime");
    Outcome outcome =
        floxj().env("DOCKER_HOST", "unix://" + temp.resolve("no-engine.sock"))
            .run("containerize", "-d", env.toString(), "--store", store(), "--runtime", "docker", "-t", "v1");
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("load' ").contains("Writing to runtime was unsuccessful").contains("no-engine.sock");
  }

  @Test
  void tagAndSourceDateEpoch_nameAndDateTheImage() {
    Path env = helloEnvironment("dated");
    Path archive = temp.resolve("dated.tar");
    Outcome outcome =
        floxj().env("SOURCE_DATE_EPOCH", "1700000000")
            .run("containerize", "-d", env.toString(), "--store", store(), "-t", "v2", "-f", archive.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    String image = TestRun.unique("dated") + ":v2";
    assertThat(docker.load(archive)).isEqualTo(image);
    assertThat(docker.inspect(image).path("Created").asText()).startsWith("2023-11-14T22:13:20");
  }
}
