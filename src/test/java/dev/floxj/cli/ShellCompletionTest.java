package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.FloxjRun.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Completion scripts and man pages describe every subcommand and option of the real model. */
class ShellCompletionTest {
  private static final List<String> SUBCOMMANDS =
      List.of("containerize", "init", "install", "uninstall", "edit", "list", "lock", "completion");

  @TempDir Path temp;

  private static String completion(String shell) {
    Outcome outcome = floxj().run("completion", shell);
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    return new String(outcome.stdout(), StandardCharsets.UTF_8);
  }

  private static CommandLine model() {
    Main.Invocation nowhere =
        new Main.Invocation(new ByteArrayOutputStream(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of(), false, Path.of("").toAbsolutePath());
    return Main.commandModel(nowhere);
  }

  @Test
  void bashCompletion_listsEverySubcommandAndOption_andIsValidBash() throws Exception {
    String script = completion("bash");
    assertThat(script).contains("local commands=\"" + String.join(" ", SUBCOMMANDS) + " help\"");
    for (CommandLine subcommand : model().getSubcommands().values()) {
      for (OptionSpec option : subcommand.getCommandSpec().options()) {
        assertThat(script).as(subcommand.getCommandName()).contains(option.longestName());
      }
    }
    assertThat(script).contains("=(\"docker\" \"podman\") # --runtime values");
    Path file = temp.resolve("floxj.bash");
    Files.writeString(file, script);
    Process bash = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(bash.exitValue()).as(output).isZero();
  }

  @Test
  void zshAndFishCompletion_listTheSubcommands() {
    assertThat(completion("zsh")).startsWith("#compdef floxj\n").contains(String.join(" ", SUBCOMMANDS));
    String fish = completion("fish");
    for (String subcommand : SUBCOMMANDS) {
      assertThat(fish).contains("-n __fish_use_subcommand -a " + subcommand + " ");
    }
    assertThat(fish).contains("'__fish_seen_subcommand_from containerize' -l runtime -x -a 'docker podman'");
  }

  @Test
  void unknownShell_isAUsageError() {
    Outcome outcome = floxj().run("completion", "tcsh");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("'tcsh' is not one of bash, zsh, fish");
  }

  @Test
  void manPages_oneForEachCommand_withEveryOption() {
    Map<String, String> pages = ManPages.all(model(), "floxj 0.0.0");
    List<String> expected = new ArrayList<>(List.of("floxj.1"));
    SUBCOMMANDS.forEach(name -> expected.add("floxj-" + name + ".1"));
    assertThat(pages).containsOnlyKeys(expected);
    String containerize = pages.get("floxj-containerize.1");
    assertThat(containerize).startsWith(".TH \"FLOXJ-CONTAINERIZE\" \"1\"").contains(".SH OPTIONS", ".SH EXAMPLES");
    for (OptionSpec option : model().getSubcommands().get("containerize").getCommandSpec().options()) {
      assertThat(containerize).contains("\\fB" + ManPages.escape(option.longestName()) + "\\fR");
    }
    assertThat(pages.get("floxj.1")).contains("\\fBfloxj\\-containerize\\fR(1)".replace("\\-", "-"));
  }
}
