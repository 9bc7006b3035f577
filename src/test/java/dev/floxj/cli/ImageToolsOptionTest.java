package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxjRun.Outcome;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --image-tools}: where the image's bash, coreutils, CA bundle and locales come from. */
class ImageToolsOptionTest {
  @TempDir Path temp;

  private Outcome containerize(String... options) {
    Path environment = FloxEnvFixture.named("tools").writeTo(temp.resolve("env"));
    String[] arguments = {
      "containerize", "-d", environment.toString(), "--store", temp.resolve("store").toString(),
      "--system", "x86_64-linux", "--offline", "--cache-dir", temp.resolve("cache").toString(),
      "-f", temp.resolve("image.tar").toString()
    };
    String[] all = new String[arguments.length + options.length];
    System.arraycopy(arguments, 0, all, 0, arguments.length);
    System.arraycopy(options, 0, all, arguments.length, options.length);
    return floxj().run(all);
  }

  @Test
  void builtIn_pathsNotAtHand_areAnErrorNamingTheSourceAndHowToChooseAnother() {
    Outcome outcome = containerize("--image-tools", "builtin");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains(
            "The image's bash, coreutils, CA bundle and locales (from floxj's built-in store paths;"
                + " choose another source with --image-tools or FLOXJ_IMAGE_TOOLS) needs"
                + " /nix/store/7ik8057hajl6vq9j40h3jracxjn0bb5x-bash-5.3p15")
        .doesNotContain("Exception");
    assertThat(temp.resolve("image.tar")).doesNotExist();
  }

  @Test
  void aBadValue_isOneSentence() {
    Outcome outcome = containerize("--image-tools", "bash=relative/path");

    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains("--image-tools gives 'bash' the value 'relative/path', which is not a store path")
        .doesNotContain("Exception");
  }
}
