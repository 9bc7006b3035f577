package dev.floxj.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageToolsSourceTest {
  private static final String BASH = "/nix/store/" + "b".repeat(32) + "-bash-5.3p15";
  private static final String CACERT = "/nix/store/" + "c".repeat(32) + "-nss-cacert-3.117";

  @Test
  void choose_prefersTheOption_thenTheVariable_thenTheDefaults() {
    Map<String, String> environment = Map.of(ImageToolsSource.VARIABLE, "builtin");
    assertThat(ImageToolsSource.choose("none", environment).kind())
        .isEqualTo(ImageToolsSource.Kind.NONE);
    assertThat(ImageToolsSource.choose(null, environment).kind())
        .isEqualTo(ImageToolsSource.Kind.BUILT_IN);
    assertThat(ImageToolsSource.choose(null, Map.of())).isEqualTo(ImageToolsSource.DEFAULT);
    assertThat(ImageToolsSource.choose(" ", Map.of(ImageToolsSource.VARIABLE, ""))).isEqualTo(ImageToolsSource.DEFAULT);
  }

  @Test
  void choose_readsAFlakeReference() {
    ImageToolsSource source = ImageToolsSource.choose("github:NixOS/nixpkgs/nixos-25.05", Map.of());
    assertThat(source.kind()).isEqualTo(ImageToolsSource.Kind.FLAKE);
    assertThat(source.flake()).isEqualTo("github:NixOS/nixpkgs/nixos-25.05");
  }

  @Test
  void explicitPaths_giveThoseToolsAndNothingForNamesLeftOut() {
    ImageTools tools =
        ImageToolsSource.choose("bash=" + BASH + ", cacert=" + CACERT, Map.of())
            .explicitTools("the test's paths");

    assertThat(tools.bash().orElseThrow().storePaths()).containsExactly(StorePath.of(BASH));
    assertThat(tools.coreutils()).isEmpty();
    assertThat(tools.cacert()).contains(StorePath.of(CACERT));
    assertThat(tools.locales()).isEmpty();
    assertThat(tools.storePaths()).containsExactly(StorePath.of(BASH), StorePath.of(CACERT));
  }

  @Test
  void explicitPaths_withAnUnknownNameOrNoStorePath_areOneSentence() {
    assertThatThrownBy(() -> ImageToolsSource.choose("zsh=" + BASH, Map.of()))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "--image-tools names 'zsh', which is not one of bash, coreutils, cacert, locales;"
                + " write NAME=/nix/store/... pairs separated by commas, 'builtin', 'none', or a"
                + " flake reference.");
    assertThatThrownBy(() -> ImageToolsSource.choose(null, Map.of(ImageToolsSource.VARIABLE, "bash=/usr/bin/bash")))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "FLOXJ_IMAGE_TOOLS gives 'bash' the value '/usr/bin/bash', which is not a store path;"
                + " write bash=/nix/store/<hash>-<name>.");
  }

  @Test
  void builtIn_hasBashCoreutilsACaBundleAndLocalesForBothSystems() {
    for (TargetSystem system : TargetSystem.values()) {
      ImageTools tools = BuiltInImageTools.forSystem(system);
      assertThat(tools.bash().orElseThrow().storePaths().get(0).name()).isEqualTo("bash-5.3p15");
      assertThat(tools.coreutils().orElseThrow().storePaths().get(0).name()).isEqualTo("coreutils-9.11");
      assertThat(tools.cacert().orElseThrow().name()).isEqualTo("nss-cacert-3.117");
      assertThat(tools.locales().orElseThrow().name()).isEqualTo("glibc-locales-2.42-67");
      assertThat(tools.source()).isEqualTo(BuiltInImageTools.SOURCE);
    }
    assertThat(BuiltInImageTools.forSystem(TargetSystem.AARCH64_LINUX).locales().orElseThrow())
        .isEqualTo(
            StorePath.of("/nix/store/kzwaqipblsz0mb6wdy4pnqamfij87gjj-glibc-locales-2.42-67"));
    assertThat(BuiltInImageTools.forSystem(TargetSystem.X86_64_LINUX).locales().orElseThrow())
        .isEqualTo(
            StorePath.of("/nix/store/i08whg1bgy82s2spy3qp06xh4mq0qmiq-glibc-locales-2.42-67"));
    assertThat(BuiltInImageTools.forSystem(TargetSystem.X86_64_LINUX).storePaths())
        .doesNotContainAnyElementsOf(BuiltInImageTools.forSystem(TargetSystem.AARCH64_LINUX).storePaths());
  }
}
