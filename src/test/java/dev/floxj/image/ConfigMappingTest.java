package dev.floxj.image;

import dev.floxj.image.model.ContainerConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigMappingTest {

  private static dev.floxj.manifest.ContainerConfig manifestConfig(Map<String, String> labels) {
    return new dev.floxj.manifest.ContainerConfig(
        "alice:devs",
        List.of("8080", "53/udp", "8000-8010/tcp"),
        List.of("greet", "floxj"),
        List.of("/data"),
        "/app",
        labels,
        "SIGINT");
  }

  @Test
  void map_carriesAllSevenKeys_andTheActivation() {
    ContainerConfig config =
        ConfigMapping.map(
            manifestConfig(Map.of("a", "1")),
            Map.of(),
            List.of("PATH=/env/bin"),
            List.of("/env/bin/bash", "/env/activate"));

    assertThat(config)
        .isEqualTo(
            new ContainerConfig(
                List.of("PATH=/env/bin"),
                List.of("/env/bin/bash", "/env/activate"),
                List.of("greet", "floxj"),
                "/app",
                "alice:devs",
                List.of("8080/tcp", "53/udp", "8000-8010/tcp"),
                List.of("/data"),
                Map.of("a", "1"),
                "SIGINT"));
  }

  @Test
  void map_commandLineLabelsWinOverTheManifests_andNeedNoManifestLabels() {
    Map<String, String> manifest = new LinkedHashMap<>();
    manifest.put("a", "1");
    manifest.put("b", "manifest");
    Map<String, String> cli = new LinkedHashMap<>();
    cli.put("b", "cli");
    cli.put("c", "");

    assertThat(ConfigMapping.map(manifestConfig(manifest), cli, List.of(), null).labels())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "cli"), Map.entry("c", ""));
    assertThat(
            ConfigMapping.map(dev.floxj.manifest.ContainerConfig.NONE, cli, List.of(), null)
                .labels())
        .containsExactly(Map.entry("b", "cli"), Map.entry("c", ""));
  }

  @Test
  void map_withoutCmd_leavesCmdOut() {
    assertThat(
            ConfigMapping.map(dev.floxj.manifest.ContainerConfig.NONE, Map.of(), List.of(), null)
                .cmd())
        .isNull();
  }

  @Test
  void port_malformed_isAClearError() {
    for (String port : new String[] {"http", "80/tcpx", "99999", "1-70000/udp", "80/", "", "9000-8000/tcp"}) {
      assertThatThrownBy(() -> ConfigMapping.port(port))
          .as(port)
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("container.config.ExposedPorts in flox.nix) hold \"" + port + "\", which is not a port");
    }
  }
}
