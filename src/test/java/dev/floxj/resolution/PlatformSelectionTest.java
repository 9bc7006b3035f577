package dev.floxj.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.manifest.LockedPackage;
import dev.floxj.manifest.LockedStorePathPackage;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.store.StorePath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlatformSelectionTest {
  private static final StorePath PATH = new StorePath("/nix/store/" + "a".repeat(32) + "-hello-1.0");

  @ParameterizedTest
  @CsvSource({
    "linux/amd64, X86_64_LINUX",
    "linux/arm64, AARCH64_LINUX",
    "linux/arm64/v8, AARCH64_LINUX",
    "arm64, AARCH64_LINUX",
    "LINUX/AMD64, X86_64_LINUX"
  })
  void parsePlatform_readsDockerBuildxNames(String platform, TargetSystem expected) {
    assertThat(TargetSystem.parsePlatform(platform)).isEqualTo(expected);
  }

  @Test
  void platformName_isWhatSkopeoPrints() {
    assertThat(TargetSystem.X86_64_LINUX.platformName()).isEqualTo("linux/amd64");
    assertThat(TargetSystem.AARCH64_LINUX.platformName()).isEqualTo("linux/arm64/v8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"darwin/arm64", "darwin/amd64", "windows/amd64"})
  void parsePlatform_refusesSystemsThatAreNotLinux(String platform) {
    assertThatThrownBy(() -> TargetSystem.parsePlatform(platform))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "--platform '" + platform + "' cannot be built: container images run Linux; use"
                + " linux/amd64 or linux/arm64.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"linux/riscv64", "linux/arm64/v7", "linux/arm/v7", "linux/amd64/v2/x"})
  void parsePlatform_refusesPlatformsWithoutATarget(String platform) {
    assertThatThrownBy(() -> TargetSystem.parsePlatform(platform))
        .hasMessage("Unknown platform '" + platform + "'; use linux/amd64 or linux/arm64 (or all).");
  }

  @Test
  void parse_takesRepeatedAndCommaSeparatedValuesInOrderEachOnce() {
    PlatformSelection selection =
        PlatformSelection.parse(List.of("linux/arm64, linux/amd64", "linux/arm64/v8"), null);

    assertThat(selection.systems()).containsExactly(TargetSystem.AARCH64_LINUX, TargetSystem.X86_64_LINUX);
    assertThat(selection.all()).isFalse();
  }

  @Test
  void parse_withoutPlatformOrSystemIsTheHost() {
    assertThat(PlatformSelection.parse(List.of(), null).systems()).containsExactly(TargetSystem.host());
    assertThat(PlatformSelection.parse(List.of(), TargetSystem.AARCH64_LINUX).systems())
        .containsExactly(TargetSystem.AARCH64_LINUX);
  }

  @Test
  void parse_refusesSystemAndPlatformTogether() {
    assertThatThrownBy(() -> PlatformSelection.parse(List.of("linux/amd64"), TargetSystem.X86_64_LINUX))
        .hasMessageStartingWith("--system and --platform both choose what to build for; give only one");
  }

  @Test
  void parse_refusesAllBesideOthersAndEmptyItems() {
    assertThatThrownBy(() -> PlatformSelection.parse(List.of("all,linux/amd64"), null))
        .hasMessageStartingWith("--platform all already means every Linux system of the lock");
    assertThatThrownBy(() -> PlatformSelection.parse(List.of("linux/amd64,"), null))
        .hasMessageStartingWith("--platform 'linux/amd64,' has an empty item");
  }

  @Test
  void resolve_allIsEveryLinuxSystemOfTheLockAmd64First() {
    Lockfile lock = lock("aarch64-darwin", "aarch64-linux", "x86_64-linux");

    assertThat(PlatformSelection.parse(List.of("all"), null).resolve(lock))
        .containsExactly(TargetSystem.X86_64_LINUX, TargetSystem.AARCH64_LINUX);
  }

  @Test
  void resolve_allWithOnlyDarwinInTheLockNamesWhatItHas() {
    assertThatThrownBy(() -> PlatformSelection.parse(List.of("all"), null).resolve(lock("aarch64-darwin")))
        .hasMessage(
            "--platform all found no Linux system in manifest.lock (it has aarch64-darwin); add"
                + " x86_64-linux or aarch64-linux to options.systems in manifest.toml and re-lock"
                + " with `floxj lock`.");
  }

  @Test
  void resolve_aPlatformTheLockLacksNamesTheSystemsItHas() {
    Lockfile lock = lock("aarch64-darwin", "x86_64-linux");

    assertThatThrownBy(() -> PlatformSelection.parse(List.of("linux/amd64,linux/arm64"), null).resolve(lock))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock has no packages for linux/arm64/v8 (aarch64-linux): it has"
                + " aarch64-darwin, x86_64-linux; add aarch64-linux to options.systems in"
                + " manifest.toml and re-lock with `floxj lock`, or choose another --platform.");
  }

  private static Lockfile lock(String... systems) {
    List<LockedPackage> entries =
        java.util.Arrays.stream(systems)
            .map(system -> (LockedPackage) new LockedStorePathPackage("hello", system, PATH, 5))
            .toList();
    return new Lockfile(ManifestParser.parse("version = 1\n", "manifest.toml"), entries, false);
  }
}
