package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ContainersTest {
  @Test
  void settings_readTheEnvironmentUserAndEntrypointOptions() {
    Containers.Settings settings =
        Containers.Settings.parse(
            List.of("-e", "A=1", "--env", "B=2", "--user", "4242:4242", "--entrypoint", "/bin/sh"));

    assertThat(settings.environment()).containsExactly("A=1", "B=2");
    assertThat(settings.user()).isEqualTo("4242:4242");
    assertThat(settings.entrypoint()).isEqualTo("/bin/sh");
  }

  @Test
  void settings_noOptions_keepTheImagesOwn() {
    Containers.Settings settings = Containers.Settings.parse(List.of());

    assertThat(settings.environment()).isEmpty();
    assertThat(settings.user()).isNull();
    assertThat(settings.entrypoint()).isNull();
  }

  @Test
  void settings_aTerminalOrAnUnknownOption_isLeftToTheCli() {
    assertThat(Containers.Settings.parse(List.of("-t"))).isNull();
    assertThat(Containers.Settings.parse(List.of("-e", "A=1", "--privileged"))).isNull();
    assertThat(Containers.Settings.parse(List.of("--user"))).isNull();
  }
}
