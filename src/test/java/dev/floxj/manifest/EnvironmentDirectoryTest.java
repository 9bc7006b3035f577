package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentDirectoryTest {
  @TempDir Path root;

  /** Makes {@code root/<name>} an environment holding the given fixture's files. */
  private Path environment(String name, String fixture, boolean withLock) throws IOException {
    Path dir = root.resolve(name);
    Path env = Files.createDirectories(dir.resolve(".flox/env"));
    Files.copy(FloxData.path(fixture + "/manifest.toml"), env.resolve("manifest.toml"));
    if (withLock) {
      Files.copy(FloxData.path(fixture + "/manifest.lock"), env.resolve("manifest.lock"));
    }
    return dir;
  }

  @Test
  void open_takesTheNameFromEnvJson() throws IOException {
    Path dir = environment("project", "hello", true);
    Files.writeString(dir.resolve(".flox/env.json"), "{\"name\": \"web-app\", \"version\": 1}");

    assertThat(EnvironmentDirectory.open(dir).name()).isEqualTo("web-app");
  }

  @Test
  void open_fallsBackToTheDirectoryNameWithoutEnvJson() throws IOException {
    Path dir = environment("project", "hello", true);

    assertThat(EnvironmentDirectory.open(dir).name()).isEqualTo("project");
  }

  @Test
  void open_fallsBackToTheDirectoryNameWhenEnvJsonHasNoName() throws IOException {
    Path dir = environment("project", "hello", true);
    Files.writeString(dir.resolve(".flox/env.json"), "{\"version\": 1}");

    assertThat(EnvironmentDirectory.open(dir).name()).isEqualTo("project");
  }

  @Test
  void open_usesTheRealDirectoryNameForDot() throws IOException {
    Path dir = environment("project", "hello", true);

    assertThat(EnvironmentDirectory.open(dir.resolve(".")).name()).isEqualTo("project");
  }

  @Test
  void manifestAndLockfile_readTheEnvironmentFiles() throws IOException {
    Path dir = environment("project", "v1_curl_hello", true);

    EnvironmentDirectory environment = EnvironmentDirectory.open(dir);

    assertThat(environment.manifest().install().keySet()).containsExactly("curl", "hello");
    assertThat(environment.lockfile().packages()).hasSize(8);
    assertThat(environment.manifestPath()).isEqualTo(dir.resolve(".flox/env/manifest.toml"));
    assertThat(environment.lockfilePath()).isEqualTo(dir.resolve(".flox/env/manifest.lock"));
  }

  @Test
  void open_rejectsDirectoryWithoutDotFlox() throws IOException {
    Path dir = Files.createDirectories(root.resolve("plain"));

    assertThatThrownBy(() -> EnvironmentDirectory.open(dir))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            dir
                + " is not a flox environment: it has no .flox directory (nor a flox.nix); run"
                + " floxj in an environment's directory or pass -d DIR, or create one with `floxj"
                + " init`.");
  }

  @Test
  void open_rejectsDotFloxWithoutManifest() throws IOException {
    Path dir = Files.createDirectories(root.resolve("broken/.flox")).getParent();

    assertThatThrownBy(() -> EnvironmentDirectory.open(dir))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("is not a flox environment: ")
        .hasMessageContaining(".flox/env/manifest.toml is missing")
        .hasMessageEndingWith("pass -d DIR.");
  }

  @Test
  void open_rejectsMissingDirectory() {
    Path dir = root.resolve("nowhere");

    assertThatThrownBy(() -> EnvironmentDirectory.open(dir))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("The directory " + dir + " does not exist;");
  }

  @Test
  void lockfile_explainsHowToLockWhenTheLockIsMissing() throws IOException {
    Path dir = environment("project", "hello", false);
    EnvironmentDirectory environment = EnvironmentDirectory.open(dir);

    assertThat(environment.hasLockfile()).isFalse();
    assertThatThrownBy(environment::lockfile)
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            dir + " has no manifest.lock; lock the environment with `floxj lock -d " + dir
                + "` (or flox).");
  }

  @Test
  void open_reportsMalformedEnvJson() throws IOException {
    Path dir = environment("project", "hello", true);
    Files.writeString(dir.resolve(".flox/env.json"), "{\"name\": 7}");

    assertThatThrownBy(() -> EnvironmentDirectory.open(dir))
        .isInstanceOf(FloxjException.class)
        .hasMessage(dir.resolve(".flox/env.json") + ":1:2: name must be a string, not an integer.");
  }

  @Test
  void open_readsADirectoryHoldingFloxNix() throws IOException {
    Path dir = Files.createDirectories(root.resolve("seed"));
    Files.writeString(dir.resolve("flox.nix"), FloxNixParserTest.SEED);

    EnvironmentDirectory environment = EnvironmentDirectory.open(dir);

    assertThat(environment.format()).isEqualTo(EnvironmentDirectory.Format.FLOX_NIX);
    assertThat(environment.name()).isEqualTo("seed");
    assertThat(environment.manifestPath()).isEqualTo(dir.resolve("flox.nix"));
    assertThat(environment.lockfilePath()).isEqualTo(dir.resolve("manifest.lock"));
    assertThat(environment.manifest().install().keySet()).containsExactly("hello", "cowsay");
  }

  @Test
  void create_writesEnvJsonAndACommentedManifestThatInstallsNothing() throws IOException {
    Path dir = Files.createDirectories(root.resolve("fresh"));

    EnvironmentDirectory environment = EnvironmentDirectory.create(dir, null);

    assertThat(Files.readString(dir.resolve(".flox/env.json")))
        .isEqualTo("{\n  \"name\": \"fresh\",\n  \"version\": 1\n}\n");
    assertThat(EnvironmentDirectory.open(dir).name()).isEqualTo("fresh");
    assertThat(environment.manifest().install()).isEmpty();
    assertThat(environment.manifestText()).contains("[install]\n# hello.pkg-path = \"hello\"");
    assertThat(Files.getPosixFilePermissions(environment.manifestPath()))
        .containsExactlyInAnyOrder(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--").toArray(
                new java.nio.file.attribute.PosixFilePermission[0]));
  }

  @Test
  void create_refusesAnExistingEnvironmentAndBadNames() throws IOException {
    Path dir = environment("taken", "hello", true);
    Path spaced = Files.createDirectories(root.resolve("has space"));

    assertThatThrownBy(() -> EnvironmentDirectory.create(dir, "x"))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            dir + " already holds an environment (.flox exists); use it, or pick another"
                + " directory with -d DIR.");
    assertThatThrownBy(() -> EnvironmentDirectory.create(spaced, null))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "'has space' cannot be an environment name: use letters, digits, '.', '_' and '-',"
                + " starting with a letter or digit (it is the directory's name; choose one with"
                + " --name).");
  }

  @org.junit.jupiter.api.Test
  void open_aFileGivenAsTheDirectory_saysItIsAFile_notThatItDoesNotExist(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws java.io.IOException {
    java.nio.file.Path file = java.nio.file.Files.writeString(temp.resolve("manifest.toml"), "version = 1\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EnvironmentDirectory.open(file))
        .isInstanceOf(dev.floxj.FloxjException.class)
        .hasMessageStartingWith(file + " is a file, not a directory; ");
  }
}
