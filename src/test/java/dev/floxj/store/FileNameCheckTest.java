package dev.floxj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNameCheckTest {
  private static final Path WHERE = Path.of("/nix/store/x-y/caf\u00e9");

  @Test
  void utf8Jvm_acceptsNonAsciiNames() {
    assertThat(new FileNameCheck(true).checkName("caf\u00e9 \uD83D\uDE00", WHERE))
        .isEqualTo("caf\u00e9 \uD83D\uDE00");
  }

  @Test
  void utf8Jvm_refusesNamesWithTheReplacementCharacter() {
    assertThatThrownBy(() -> new FileNameCheck(true).checkName("bad\uFFFD", WHERE))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(WHERE.toString())
        .hasMessageContaining("not valid UTF-8");
  }

  @Test
  void nonUtf8Jvm_acceptsAsciiNames() {
    assertThat(new FileNameCheck(false).checkName("hello-2.12", WHERE)).isEqualTo("hello-2.12");
  }

  @Test
  void nonUtf8Jvm_refusesNonAsciiNamesAskingForAUtf8Locale() {
    assertThatThrownBy(() -> new FileNameCheck(false).checkName("caf\u00e9", WHERE))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(WHERE.toString())
        .hasMessageContaining("LC_ALL=C.UTF-8");
  }

  @Test
  void nonUtf8Jvm_refusesNonAsciiLinkTargetsNamingTheLink() {
    assertThatThrownBy(() -> new FileNameCheck(false).checkLinkTarget("caf\u00e9", WHERE))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("The symlink '" + WHERE + "' has a target that is not ASCII")
        .hasMessageContaining("LC_ALL=C.UTF-8");
  }

  @Test
  void thisJvm_decodesNamesAsUtf8UnderTheTestLocale() {
    // Surefire runs tests with LC_ALL=C.UTF-8.
    assertThat(FileNameCheck.forThisJvm().checkName("caf\u00e9", WHERE)).isEqualTo("caf\u00e9");
  }
}
