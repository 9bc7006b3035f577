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
  void badOption_saysOneLine_andWhereTheHelpIs_notTheWholeUsage() {
    Outcome outcome = floxj().run("containerize", "--runtme", "docker");
    assertThat(outcome.exitCode()).isEqualTo(2);
    String stderr = outcome.stderr();
    assertThat(stderr).startsWith("✘ ERROR: Unknown option").contains("'--runtme'");
    assertThat(stderr).contains("--runtime").endsWith("Try 'floxj containerize --help' for more information.\n");
    assertThat(stderr.lines().count()).isLessThanOrEqualTo(4);
    assertThat(stderr).doesNotContain("Usage:");
  }

  @Test
  void choices_areSaidInLowerCase() {
    Outcome outcome = floxj().run("containerize", "--runtime", "dockr");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("'dockr' is not one of docker, podman").doesNotContain("DOCKER");
  }

  @Test
  void generalOptions_mayStandBeforeTheSubcommand() {
    Outcome outcome = floxj().run("-v", "containerize", "-d", temp.toString(), "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("✘ ERROR: ").contains("\tat dev.floxj."); // -v: the stack trace
    Outcome quiet = floxj().run("-q", "containerize", "-d", temp.toString(), "-f", temp.resolve("x.tar").toString());
    assertThat(quiet.stderr()).startsWith("✘ ERROR: ");
  }

  @Test
  void help_wrapsAtSpaces_andEndsWithExamples() {
    for (String command : new String[] {"containerize", "init", "install", "uninstall", "edit", "list", "lock"}) {
      String help = new String(floxj().run(command, "--help").stdout(), StandardCharsets.UTF_8);
      assertThat(help.lines()).as(command).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
      assertThat(help).as(command).contains("\nExamples:\n  floxj " + command);
      // No word is cut at a dot or colon (picocli's own wrapping cuts manifest.toml and NAME:KEY).
      assertThat(help).as(command).doesNotContainPattern("(manifest|Packages|NAME)[.:]\\n");
    }
    String top = new String(floxj().run("--help").stdout(), StandardCharsets.UTF_8);
    assertThat(top).contains("Exit status: 0 success, 1 failure, 2 wrong command line");
  }

  @Test
  void fileThatIsADirectory_failsBeforeAnythingIsWritten() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "-f", temp.toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr()).contains("it is a directory", temp.resolve("image.tar").toString()).doesNotContain("Creating layer");
    assertThat(temp).isEmptyDirectory();
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
  void maxLayersOutOfRange_namesTheFlagAndTheRange_asAUsageError() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--max-layers", "126", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("'--max-layers'", "126 is not between 2 and 125");
  }

  @Test
  void badCreatedTimestamp_isAClearUsageError() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--created", "yesterday", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("--created 'yesterday'");
  }

  @Test
  void unsupportedSystem_isAClearUsageError() {
    Outcome outcome = floxj().run("containerize", "-d", EXAMPLE, "--system", "aarch64-darwin", "-f", temp.resolve("x.tar").toString());
    assertThat(outcome.exitCode()).isEqualTo(2);
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
