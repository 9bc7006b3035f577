package dev.floxj.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TargetSystemTest {

  @ParameterizedTest
  @CsvSource({"x86_64-linux, X86_64_LINUX, amd64", "aarch64-linux, AARCH64_LINUX, arm64"})
  void parse_acceptsTheLinuxSystemsWithTheirOciArchitecture(
      String system, TargetSystem expected, String architecture) {
    TargetSystem target = TargetSystem.parse(system);

    assertThat(target).isEqualTo(expected);
    assertThat(target.nixSystem()).isEqualTo(system);
    assertThat(target.ociArchitecture()).isEqualTo(architecture);
    assertThat(target.ociOs()).isEqualTo("linux");
    assertThat(target).hasToString(system);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aarch64-darwin", "x86_64-darwin"})
  void parse_rejectsDarwinAsAnImageTarget(String system) {
    assertThatThrownBy(() -> TargetSystem.parse(system))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "'"
                + system
                + "' cannot be an image target: container images run Linux; use x86_64-linux or"
                + " aarch64-linux.");
  }

  @Test
  void parse_rejectsUnknownSystem() {
    assertThatThrownBy(() -> TargetSystem.parse("amd64"))
        .isInstanceOf(FloxjException.class)
        .hasMessage("Unknown system 'amd64'; use x86_64-linux or aarch64-linux.");
  }

  @ParameterizedTest
  @CsvSource({
    "amd64, X86_64_LINUX",
    "x86_64, X86_64_LINUX",
    "aarch64, AARCH64_LINUX",
    "arm64, AARCH64_LINUX"
  })
  void fromOsArch_mapsJvmArchitectureNames(String osArch, TargetSystem expected) {
    assertThat(TargetSystem.fromOsArch(osArch)).isEqualTo(expected);
  }

  @Test
  void fromOsArch_rejectsArchitecturesWithoutImageTarget() {
    assertThatThrownBy(() -> TargetSystem.fromOsArch("ppc64le"))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "This machine's architecture 'ppc64le' has no image target; pass --system with one of"
                + " x86_64-linux or aarch64-linux.");
  }

  @Test
  void host_followsTheJvmArchitecture() {
    assertThat(TargetSystem.host())
        .isEqualTo(TargetSystem.fromOsArch(System.getProperty("os.arch")));
  }
}
