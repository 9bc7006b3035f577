package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.FloxjRun.Outcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path temp;

  private static final String EXAMPLE = Path.of("examples/hello").toAbsolutePath().toString();

  @Test
  void version_printsFloxjAndItsVersion() {
    Outcome outcome = floxj().run("--version");
    assertThat(outcome.exitCode()).isZero();
    assertThat(new String(outcome.stdout(), StandardCharsets.UTF_8)).matches("floxj \\d+\\.\\d+\\.\\d+.*\\n");
  }

  @Test
  void containerizeHelp_listsEveryOption() {
    Outcome outcome = floxj().run("containerize", "--help");
    assertThat(outcome.exitCode()).isZero();
    assertThat(new String(outcome.stdout(), StandardCharsets.UTF_8))
        .contains("--dir", "--file", "--runtime", "--tag", "--max-layers", "--store", "--system", "--created", "--verbose", "--quiet")
        .contains("--substituter", "--trusted-public-key", "--no-check-sigs", "--offline", "--cache-dir");
  }

  @Test
  void unknownOption_isAUsageErrorWithExitCode2() {
    Outcome outcome = floxj().run("containerize", "--no-such-option");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stdout()).isEmpty();
    assertThat(outcome.stderr()).contains("--no-such-option");
  }

  @Test
  void verboseAndQuietTogether_isAUsageError() {
    assertThat(floxj().run("containerize", "-v", "-q").exitCode()).isEqualTo(2);
  }

  @Test
  void noCommand_isAUsageError() {
    assertThat(floxj().run().exitCode()).isEqualTo(2);
  }

  @Test
  void directoryWithoutFlox_saysWhatToDo_withoutStackTrace() {
    Outcome outcome = floxj().run("containerize", "-d", temp.toString(), "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).startsWith("Building container...\n✘ ERROR: ").contains(temp.toString()).doesNotContain("\tat ");
    assertThat(temp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void verbose_addsTheStackTraceToErrors() {
    Outcome outcome = floxj().run("containerize", "-v", "-d", temp.toString(), "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("✘ ERROR: ").contains("\tat dev.floxj.");
  }

  @Test
  void maxLayersOutOfRange_namesTheFlagAndTheRange() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--max-layers", "126", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("--max-layers is 126").contains("2 to 125");
  }

  @Test
  void badCreatedTimestamp_isAClearError() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--created", "yesterday", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("--created 'yesterday'");
  }

  @Test
  void unsupportedSystem_isAClearError() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--system", "aarch64-darwin", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("aarch64-darwin");
  }

  @Test
  void exampleWithoutItsStorePaths_namesThePackageOrStore() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--store", temp.toString(), "--system", "x86_64-linux", "--offline", "--cache-dir", temp.resolve("cache").toString(), "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains("Package 'hello' (output 'out') needs /nix/store/", "there is no Nix store at " + temp, "--offline")
        .doesNotContain("\tat ");
    assertThat(temp.resolve("x.tar")).doesNotExist();
  }

  @Test
  void controlCharactersFromAnInputFile_areShownEscaped() throws java.io.IOException {
    Path environment = temp.resolve("env");
    java.nio.file.Files.createDirectories(environment.resolve(".flox/env"));
    java.nio.file.Files.copy(Path.of(EXAMPLE, ".flox/env.json"), environment.resolve(".flox/env.json"));
    java.nio.file.Files.writeString(
        environment.resolve(".flox/env/manifest.toml"),
        "version = 1\n[install]\n\"\\u001b]0;pwned\\u0007\\u001b[2J\" = 1\n");

    Outcome outcome = floxj().run("containerize", "-d", environment.toString(), "-f", temp.resolve("x.tar").toString());

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).doesNotContain("\u001b", "\u0007").contains("install.\\x1b]0;pwned\\x07\\x1b[2J must be a table");
  }

  @Test
  void badSubstituterOrKey_isAUsageError() {
    Outcome substituter = floxj().run("containerize", "-d", EXAMPLE, "--substituter", "s3://bucket");
    assertThat(substituter.exitCode()).isEqualTo(2);
    assertThat(substituter.stderr()).contains("'s3://bucket' is not an https://, http:// or file:// binary cache");
    Outcome key = floxj().run("containerize", "-d", EXAMPLE, "--trusted-public-key", "cache.nixos.org-1:AAAA");
    assertThat(key.exitCode()).isEqualTo(2);
    assertThat(key.stderr()).contains("has 3 bytes; an Ed25519 public key has 32");
  }
}
