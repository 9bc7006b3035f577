package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SubcommandsTest {
  private static final List<Class<?>> ALL =
      List.of(
          ContainerizeCommand.class,
          InitCommand.class,
          InstallCommand.class,
          UninstallCommand.class,
          EditCommand.class,
          ListCommand.class,
          LockCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  @Test
  void aSubcommandNamedFirst_isTheOnlyOneBuilt() {
    assertThat(Subcommands.neededFor("containerize", "-q")).containsExactly(ContainerizeCommand.class);
    assertThat(Subcommands.neededFor("lock")).containsExactly(LockCommand.class);
    assertThat(Subcommands.neededFor("completion", "bash")).isEqualTo(ALL); // it describes them all
  }

  @Test
  void versionAlone_needsNone() {
    assertThat(Subcommands.neededFor("--version")).isEmpty();
    assertThat(Subcommands.neededFor("-V")).isEmpty();
  }

  @Test
  void helpNoCommandAnUnknownOneOrOptionsFirst_getThemAll_inHelpOrder() {
    assertThat(Subcommands.neededFor()).isEqualTo(ALL);
    assertThat(Subcommands.neededFor("help", "containerize")).isEqualTo(ALL);
    assertThat(Subcommands.neededFor("contanerize")).isEqualTo(ALL);
    assertThat(Subcommands.neededFor("--help", "containerize")).isEqualTo(ALL);
    assertThat(Subcommands.neededFor("--version", "--help")).isEqualTo(ALL);
  }
}
