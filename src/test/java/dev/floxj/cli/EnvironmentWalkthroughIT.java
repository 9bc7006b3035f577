package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.manifest.LockedCatalogPackage;
import dev.floxj.manifest.LockedFlakePackage;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.resolution.ActivationTools;
import dev.floxj.resolution.LockResolver;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.store.LocalStore;
import dev.floxj.store.StorePath;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestCatalog;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walkthrough with floxj alone: init, install, containerize into a real Docker engine,
 * run, edit, list — packages resolved by real Nix from the test catalog (a flake of busybox-built
 * packages standing in for nixpkgs) — and the seed's flox.nix.
 */
class EnvironmentWalkthroughIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SYSTEM = TargetSystem.host().nixSystem();

  private static TestCatalog catalog;
  private static TestPackages packages;
  private static DockerEngine docker;

  @TempDir Path temp;

  @BeforeAll
  static void buildCatalogAndFindDocker() {
    catalog = TestCatalog.get();
    packages = catalog.packages();
    docker = DockerEngine.get();
  }

  private String store() {
    return packages.storeRoot().toString();
  }

  private FloxjRun floxj(Path directory) {
    return catalog.floxj(directory);
  }

  private static Outcome succeeded(Outcome outcome) {
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    return outcome;
  }

  /** {@code floxj ARGS | docker load} through the launcher, in {@code directory}. */
  private Subprocess.Result pipedIntoDockerLoad(Path directory, String... arguments) {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                "bash",
                "-o",
                "pipefail",
                "-c",
                "\"$FLOXJ_LAUNCHER\" \"$@\" | docker load",
                "pipeline"));
    command.addAll(List.of(arguments));
    return Subprocess.of(command)
        .directory(directory)
        .env(
            "FLOXJ_LAUNCHER",
            Path.of(System.getProperty("floxj.launcher", "bin/floxj")).toAbsolutePath().toString())
        .env(
            "FLOXJ_JAR",
            Path.of(System.getProperty("floxj.jar", "target/floxj.jar"))
                .toAbsolutePath()
                .toString())
        .env("FLOXJ_CATALOG", catalog.reference())
        .env("NIX_CONFIG", TestPackages.NIX_CONFIG)
        .env("DOCKER_HOST", docker.host())
        .run();
  }

  @Test
  void walkthrough_initInstallContainerizeRunEditList() throws IOException {
    String name = TestRun.unique("floxj-walkthrough");
    Path dir = Files.createDirectories(temp.resolve(name));

    Outcome init = succeeded(floxj(dir).run("init"));
    assertThat(init.stderr()).startsWith("⚡︎ Created environment '" + name + "' (");

    Outcome install = succeeded(floxj(dir).run("install", "--store", store(), "hello"));
    assertThat(install.stderr())
        .isEqualTo("✔ 'hello' installed to environment in current directory\n"); // flox's words

    Subprocess.Result load =
        pipedIntoDockerLoad(dir, "containerize", "--store", store()).assertSuccess();
    assertThat(load.stdout()).contains("Loaded image: " + name + ":latest");
    assertThat(docker.run(name, "hello").assertSuccess().stdout())
        .isEqualTo("Hello, world!\n");

    Outcome edit =
        succeeded(
            floxj(dir)
                .env(
                    "EDITOR",
                    "sed -i 's/^hello.pkg-path = \"hello\"$/&\\ncowsay.pkg-path = \"cowsay\"/'")
                .run("edit", "--store", store()));
    assertThat(edit.stderr()).isEqualTo("✔ Environment successfully updated.\n");

    Outcome list = succeeded(floxj(dir).run("list", "--store", store()));
    assertThat(new String(list.stdout(), StandardCharsets.UTF_8))
        .isEqualTo("cowsay: cowsay (1.0)\nhello: hello (1.0)\n"); // flox's format
    Outcome all = succeeded(floxj(dir).run("list", "-a", "--store", store()));
    assertThat(new String(all.stdout(), StandardCharsets.UTF_8))
        .contains("hello:\n  Package Path:         hello\n", "  Version:              1.0\n")
        .contains("  Store Path (out):     " + packages.hello() + "\n");
    assertThat(LocalStore.at(packages.storeRoot()).isValid(packages.cowsay())).isTrue();
  }

  @Test
  void lock_writesFloxsFormatThatParsesBackAsLockedAndTheSameBytesEveryTime() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("locked"));
    succeeded(floxj(dir).run("init"));
    succeeded(floxj(dir).run("install", "--store", store(), "hello", "greet@^1"));
    Path lockPath = dir.resolve(".flox/env/manifest.lock");
    String first = Files.readString(lockPath);

    succeeded(floxj(dir).run("lock", "--store", store()));

    assertThat(Files.readString(lockPath)).isEqualTo(first);
    Lockfile lock = LockfileParser.parse(lockPath);
    assertThat(lock.manifest())
        .isEqualTo(ManifestParser.parse(dir.resolve(".flox/env/manifest.toml")));
    assertThat(lock.packages())
        .containsExactly(
            new LockedCatalogPackage(
                "hello",
                SYSTEM,
                Map.of("out", packages.hello()),
                List.of("out"),
                "toplevel",
                5,
                "hello-1.0",
                "hello",
                "1.0"),
            new LockedCatalogPackage(
                "greet",
                SYSTEM,
                Map.of("out", packages.greet()),
                List.of("out"),
                "toplevel",
                5,
                "greet-1.0",
                "greet",
                "1.0"));
    JsonNode hello = JSON.readTree(first).path("packages").get(0);
    assertThat(hello.path("attr_path").asText()).isEqualTo("hello");
    assertThat(hello.path("locked_url").asText()).startsWith(catalog.reference() + "?");
    assertThat(hello.path("derivation").asText()).endsWith("-hello-1.0.drv");

    // What every image carries is locked too, so containerize needs no Nix for it.
    assertThat(new LockResolver().lockedImageTools(lock, TargetSystem.host()).complete()).isTrue();
    ActivationTools tools = new LockResolver().activationTools(lock, TargetSystem.host());
    assertThat(tools.bash()).isPresent();
    assertThat(tools.coreutils()).isPresent();
    StorePath bash = tools.bash().orElseThrow().storePaths().get(0);
    assertThat(packages.fileOf(bash).resolve("bin/bash")).isExecutable();
    assertThat(
            packages.fileOf(tools.coreutils().orElseThrow().storePaths().get(0)).resolve("bin/ls"))
        .isSymbolicLink();
  }

  @Test
  void install_keepsWhatIsLockedForThePackagesItDoesNotTouch() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("keep"));
    succeeded(floxj(dir).run("init"));
    succeeded(floxj(dir).run("install", "--store", store(), "hello"));
    Path lockPath = dir.resolve(".flox/env/manifest.lock");
    JsonNode helloBefore = JSON.readTree(lockPath.toFile()).path("packages").get(0);
    // The same packages under another flake reference: a catalog that has moved on.
    Path moved = temp.resolve("moved-catalog");
    try (var files = Files.walk(catalog.directory())) {
      for (Path file : files.toList()) {
        Path target = moved.resolve(catalog.directory().relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }

    succeeded(
        floxj(dir).run("install", "--store", store(), "--catalog", "path:" + moved, "cowsay"));

    JsonNode lock = JSON.readTree(lockPath.toFile());
    assertThat(lock.path("packages").get(0)).isEqualTo(helloBefore);
    assertThat(lock.path("packages").get(1).path("locked_url").asText())
        .startsWith("path:" + moved);
    assertThat(lock.path("floxj-activation-packages").get(0).path("locked_url").asText())
        .startsWith("path:" + moved);

    succeeded(floxj(dir).run("lock", "--store", store(), "--catalog", "path:" + moved));
    assertThat(JSON.readTree(lockPath.toFile()).path("packages").get(0).path("locked_url").asText())
        .startsWith("path:" + moved);
  }

  @Test
  void lock_recordsEveryOutputEverySystemAndBuildsWhatTheTargetInstalls() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("outputs"));
    succeeded(floxj(dir).run("init"));
    Path manifest = dir.resolve(".flox/env/manifest.toml");
    Files.writeString(
        manifest,
        Files.readString(manifest)
            .replace(
                "# systems = [", "systems = [\"aarch64-linux\", \"x86_64-linux\"]\n# systems = ["));

    succeeded(floxj(dir).run("install", "--store", store(), "greet-docs"));

    Lockfile lock = LockfileParser.parse(dir.resolve(".flox/env/manifest.lock"));
    assertThat(lock.packages())
        .extracting(p -> p.system())
        .containsExactly("aarch64-linux", "x86_64-linux");
    LockedCatalogPackage docs =
        (LockedCatalogPackage)
            lock.packages().stream()
                .filter(p -> p.system().equals(SYSTEM))
                .findFirst()
                .orElseThrow();
    assertThat(docs.outputs().keySet()).containsExactly("man", "out");
    assertThat(docs.outputsToInstall()).containsExactly("out", "man");
    LocalStore store = LocalStore.at(packages.storeRoot());
    docs.outputs()
        .values()
        .forEach(path -> assertThat(store.isValid(path)).as(path.path()).isTrue());
    assertThat(lock.activationPackages())
        .extracting(p -> p.system())
        .contains("aarch64-linux", "x86_64-linux");
    Outcome list = succeeded(floxj(dir).run("list", "--json", "--store", store()));
    assertThat(new String(list.stdout(), StandardCharsets.UTF_8))
        .contains("\"install_id\" : \"greet-docs\"", "\"version\" : \"1.0\"")
        .contains("\"man\" : \"" + docs.outputs().get("man") + "\"", "\"out\" : \"" + docs.outputs().get("out") + "\"");
  }

  @Test
  void install_ofAFlakeInstallable_locksFlakesShape() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("flake"));
    succeeded(floxj(dir).run("init"));

    succeeded(floxj(dir).run("install", "--store", store(), catalog.reference() + "#greet"));

    Lockfile lock = LockfileParser.parse(dir.resolve(".flox/env/manifest.lock"));
    assertThat(lock.packages()).hasSize(1);
    LockedFlakePackage greet = (LockedFlakePackage) lock.packages().get(0);
    assertThat(greet.outputs()).isEqualTo(Map.of("out", packages.greet()));
    assertThat(greet.lockedUrl()).startsWith(catalog.reference() + "?");
    assertThat(lock.activationPackages()).isEmpty();
  }

  @Test
  void install_badInputs_sayWhatIsWrongAndChangeNothing() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("bad"));
    succeeded(floxj(dir).run("init"));
    String manifest = Files.readString(dir.resolve(".flox/env/manifest.toml"));

    Outcome unknown = floxj(dir).run("install", "--store", store(), "no-such-package");
    Outcome version = floxj(dir).run("install", "--store", store(), "hello@^2");
    Outcome badCatalog =
        floxj(dir)
            .run(
                "install",
                "--store",
                store(),
                "--catalog",
                "path:" + temp.resolve("none"),
                "hello");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr())
        .isEqualTo(
            "✘ ERROR: The catalog '"
                + catalog.reference()
                + "' has no package 'no-such-package' for "
                + SYSTEM
                + " (install id 'no-such-package'); check the name (or the catalog: --catalog,"
                + " FLOXJ_CATALOG).\n");
    assertThat(version.exitCode()).isEqualTo(1);
    assertThat(version.stderr())
        .isEqualTo(
            "✘ ERROR: Install id 'hello' asks for version '^2' of hello, but the catalog '"
                + catalog.reference()
                + "' has hello 1.0 for "
                + SYSTEM
                + "; ask for a version it has, or use another catalog.\n");
    assertThat(badCatalog.exitCode()).isEqualTo(1);
    assertThat(badCatalog.stderr())
        .startsWith("✘ ERROR: nix could not read the flake 'path:" + temp.resolve("none") + "': ")
        .endsWith("; check the catalog's flake reference (--catalog, or FLOXJ_CATALOG).\n");
    assertThat(Files.readString(dir.resolve(".flox/env/manifest.toml"))).isEqualTo(manifest);
  }

  @Test
  void floxNix_seedExampleLocksAndContainerizesFirstTime() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("seed"));
    String name = TestRun.unique("hello-flox");
    Files.writeString(
        dir.resolve("flox.nix"),
        """
        {
          packages.nixpkgs-flox.hello = {};
          packages.nixpkgs-flox.cowsay = {};
          container.name = "%s";
          container.config.Cmd = "hello";
          environmentVariables.message = "Supercharged by flox!";
          shell.hook = ''
            echo "$message" | cowsay
          '';
        }
        """
            .formatted(name));

    Subprocess.Result load =
        pipedIntoDockerLoad(dir, "containerize", "--store", store()).assertSuccess();

    assertThat(load.stdout()).contains("Loaded image: " + name + ":latest");
    assertThat(load.stderr())
        .contains("Locking the environment (" + dir + " has no manifest.lock)...");
    Subprocess.Result run = docker.run(name).assertSuccess();
    // The hook's cow comes first, on stderr as flox sends hook output; then the command's output.
    assertThat(run.stderr()).contains("< Supercharged by flox! >").contains("(oo)");
    assertThat(run.stdout()).isEqualTo("Hello, world!\n");
    assertThat(docker.inspect(name).path("Config").path("Cmd").toString())
        .isEqualTo("[\"hello\"]");
    Lockfile lock = LockfileParser.parse(dir.resolve("manifest.lock"));
    assertThat(lock.packages()).extracting(p -> p.installId()).containsExactly("hello", "cowsay");
    assertThat(lock.manifest().onActivate()).isEqualTo("echo \"$message\" | cowsay\n");
  }
}
