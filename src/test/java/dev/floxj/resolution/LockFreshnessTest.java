package dev.floxj.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.FloxData;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class LockFreshnessTest {

  private static Manifest toml(String text) {
    return ManifestParser.parse(text, "manifest.toml");
  }

  @ParameterizedTest
  @FieldSource("dev.floxj.manifest.FloxData#LOCKED_ENVIRONMENTS")
  void firstDifference_findsNoFixtureStale(String environment) {
    Lockfile lockfile = FloxData.lockfile(environment);

    assertThat(LockFreshness.firstDifference(FloxData.manifest(environment), lockfile.manifest()))
        .isEmpty();
  }

  @Test
  void firstDifference_findsALockAgainstItsOwnManifestFresh() {
    Manifest locked = FloxData.lockfile("hello-v1").manifest();

    assertThat(LockFreshness.firstDifference(locked, locked)).isEmpty();
  }

  @Test
  void firstDifference_treatsAbsentOutputsInVersion1AsAll() {
    // kitchen_sink's manifest.toml is version = 1; its lock holds the migrated schema-version form.
    Manifest lockedMigrated = FloxData.lockfile("kitchen_sink").manifest();

    assertThat(LockFreshness.firstDifference(FloxData.manifest("kitchen_sink"), lockedMigrated))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // what manifest.toml says | what the lock's manifest says
        "hello.pkg-path = 'hello'|hello.pkg-path = 'hello'\\nhello.priority = 5",
        "hello.pkg-path = 'hello'\\n"
            + "hello.systems = ['a', 'b']|hello.pkg-path = 'hello'\\n"
            + "hello.systems = ['b', 'a']",
        "hello.pkg-path = 'hello'\\n"
            + "hello.outputs = ['out', 'man']|hello.pkg-path = 'hello'\\n"
            + "hello.outputs = ['man', 'out']",
        "hello = { pkg-path = 'hello', version = '2.12' }|[install.hello]\\n"
            + "pkg-path = 'hello'\\n"
            + "version = '2.12'",
      })
  void firstDifference_ignoresDifferencesOfFormOnly(String current, String locked) {
    Manifest currentManifest =
        toml("schema-version = '1.10.0'\n[install]\n" + current.replace("\\n", "\n"));
    Manifest lockedManifest =
        toml("schema-version = '1.10.0'\n[install]\n" + locked.replace("\\n", "\n"));

    assertThat(LockFreshness.firstDifference(currentManifest, lockedManifest)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "curl.pkg-path = 'curl'\\n"
            + "hello.pkg-path = 'hello'|hello.pkg-path = 'hello'|install id 'curl' is in"
            + " manifest.toml but not in manifest.lock",
        "hello.pkg-path = 'hello'|curl.pkg-path = 'curl'\\n"
            + "hello.pkg-path = 'hello'|install id 'curl' is in manifest.lock but no longer in"
            + " manifest.toml",
        "hello.pkg-path = 'hello2'|hello.pkg-path = 'hello'|install id 'hello' has pkg-path"
            + " \"hello2\" in manifest.toml but \"hello\" in manifest.lock",
        "hello.pkg-path = 'hello'\\n"
            + "hello.priority = 3|hello.pkg-path = 'hello'|install id 'hello' has priority 3 in"
            + " manifest.toml but 5 in manifest.lock",
        "hello.pkg-path = 'hello'|hello.pkg-path = 'hello'\\n"
            + "hello.outputs = 'all'|install id 'hello' has outputs (not given: the package's"
            + " default outputs) in manifest.toml but \"all\" in manifest.lock",
        "hello.pkg-path = 'hello'\\n"
            + "hello.version = '2'|hello.pkg-path = 'hello'|install id 'hello' has version \"2\" in"
            + " manifest.toml but (not given) in manifest.lock",
        "hello.pkg-path = 'hello'\\n"
            + "hello.systems = ['x86_64-linux']|hello.pkg-path = 'hello'|install id 'hello' has"
            + " systems [x86_64-linux] in manifest.toml but (not given) in manifest.lock",
        "hello.flake = 'github:a/b#hello'|hello.pkg-path = 'hello'|install id 'hello' is a flake in"
            + " manifest.toml but a catalog package in manifest.lock",
      })
  void firstDifference_reportsWhatDiffers(String current, String locked, String expected) {
    Manifest currentManifest =
        toml("schema-version = '1.10.0'\n[install]\n" + current.replace("\\n", "\n"));
    Manifest lockedManifest =
        toml("schema-version = '1.10.0'\n[install]\n" + locked.replace("\\n", "\n"));

    assertThat(LockFreshness.firstDifference(currentManifest, lockedManifest)).contains(expected);
  }
}
