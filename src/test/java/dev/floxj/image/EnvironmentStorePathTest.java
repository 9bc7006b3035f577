package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.activation.ActivationFile;
import dev.floxj.manifest.ActivateMode;
import dev.floxj.store.StorePath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentStorePathTest {
  private static final String HELLO = "/nix/store/" + "a".repeat(32) + "-hello-1.0";
  private static final String GREET = "/nix/store/" + "b".repeat(32) + "-greet-1.0";

  private static EnvironmentJoin.Member member(String storePath, int priority) {
    return new EnvironmentJoin.Member("id-" + priority, priority, storePath);
  }

  private static ActivationFile file(String text) {
    return new ActivationFile("activate", 0555, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void of_isAStorePathNamedAfterTheEnvironment() {
    String path = EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5)), List.of());
    StorePath parsed = new StorePath(path);
    assertThat(parsed.name()).isEqualTo("demo-floxj-env");
    assertThat(parsed.hashPart()).hasSize(32);
  }

  @Test
  void of_dependsOnWhatTheEnvironmentHolds_notOnOrderOrInstallIds() {
    String base = EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5), member(GREET, 5)), List.of(file("a")));
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(GREET, 5), member(HELLO, 5)), List.of(file("a"))))
        .isEqualTo(base);
    assertThat(
            EnvironmentStorePath.of(
                "demo",
                ActivateMode.DEV,
                List.of(new EnvironmentJoin.Member("other", 5, HELLO), member(GREET, 5)),
                List.of(file("a"))))
        .isEqualTo(base);

    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 4), member(GREET, 5)), List.of(file("a"))))
        .isNotEqualTo(base);
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5)), List.of(file("a"))))
        .isNotEqualTo(base);
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5), member(GREET, 5)), List.of(file("b"))))
        .isNotEqualTo(base);
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.RUN, List.of(member(HELLO, 5), member(GREET, 5)), List.of(file("a"))))
        .isNotEqualTo(base);
    assertThat(EnvironmentStorePath.of("other", ActivateMode.DEV, List.of(member(HELLO, 5), member(GREET, 5)), List.of(file("a"))))
        .isNotEqualTo(base);
  }

  @Test
  void of_knownValues_arePinned() {
    // sha256("floxj-env 2\nname demo-floxj-env\nmode dev\nmember 5 <HELLO>\n"), folded to 20 bytes, nix32:
    // computed independently (Python) from the description docs/image-layout.md gives. A change
    // here renames every environment, so it must be a deliberate format change.
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5)), List.of()))
        .isEqualTo("/nix/store/ri9s0ns39hhh61s93qm8fiqysbz00m6w-demo-floxj-env");
    assertThat(EnvironmentStorePath.of("demo", ActivateMode.DEV, List.of(member(HELLO, 5)), List.of(file("a"))))
        .isEqualTo("/nix/store/75pxhic82nswgrb30flhwcyka324fs4q-demo-floxj-env");
  }

  @Test
  void storeName_replacesWhatAStorePathCannotHold_andCutsLongNames() {
    assertThat(EnvironmentStorePath.storeName("My Env/ü")).isEqualTo("My-Env---floxj-env");
    assertThat(EnvironmentStorePath.storeName(".hidden")).isEqualTo("env.hidden-floxj-env");
    assertThat(EnvironmentStorePath.storeName("x".repeat(300))).hasSize(211).endsWith("-floxj-env");
    assertThat(new StorePath(EnvironmentStorePath.placeholder("x".repeat(300))).name()).hasSize(211);
  }
}
