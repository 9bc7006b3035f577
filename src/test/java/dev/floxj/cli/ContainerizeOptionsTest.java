package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.FloxjRun.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The activation and label options of {@code floxj containerize}, as the command line reads them. */
class ContainerizeOptionsTest {

  @Test
  void help_listsModeAndLabel() {
    Outcome outcome = floxj().run("containerize", "--help");
    assertThat(new String(outcome.stdout(), StandardCharsets.UTF_8))
        .contains("-m, --mode=dev|run", "--label=KEY=VALUE");
  }

  @Test
  void mode_otherThanDevOrRun_isAUsageError() {
    Outcome outcome = floxj().run("containerize", "--mode", "prod");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("--mode").contains("expected dev or run, not 'prod'");
  }

  @Test
  void label_withoutKey_isAUsageError() {
    Outcome outcome = floxj().run("containerize", "--label", "=value");
    assertThat(outcome.exitCode()).isEqualTo(2);
    assertThat(outcome.stderr()).contains("'=value' has no key");
    assertThat(outcome.stdout()).isEmpty();
  }
}
