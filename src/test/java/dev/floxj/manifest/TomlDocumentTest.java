package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.time.Duration;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TomlDocumentTest {

  private static final String INSTALL = "[install]\nhello.pkg-path = \"hello\"\n";

  /** Manifests with {@code n} repetitions of a shape that tomlj alone parses in about n³. */
  private static IntFunction<String> shape(String name) {
    return switch (name) {
      case "blank" -> n -> "version = 1\n" + "\n".repeat(n) + INSTALL;
      case "comment" -> n -> "version = 1\n" + "# a comment\n".repeat(n) + INSTALL;
      case "spaces" -> n -> "version = 1\n" + "  \t \r\n".repeat(n) + INSTALL;
      case "array" -> n -> "version = 1\n[options]\nsystems = [\n" + "\n# c\n".repeat(n) + "]\n" + INSTALL;
      case "invalid" -> n -> "version = 1\n" + "\n".repeat(n) + "= = =\n";
      case "control" -> n -> "version = 1\n[hook]\non-activate = '''\necho \u000e\n" + "\n".repeat(n) + "'''\n";
      default -> throw new IllegalArgumentException(name);
    };
  }

  /**
   * The best of five parse times of a manifest made by {@code shape} with {@code n} repetitions,
   * in nanoseconds.
   */
  private static long bestParseNanos(IntFunction<String> shape, int n) {
    String text = shape.apply(n);
    long best = Long.MAX_VALUE;
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      try {
        ManifestParser.parse(text, "manifest.toml");
      } catch (FloxjException expected) {
        // The invalid shape fails with its sentence; its time counts the same.
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }

  @ParameterizedTest
  @ValueSource(strings = {"blank", "comment", "spaces", "array", "invalid", "control"})
  void parse_timeGrowsLinearlyWithRunsOfBlankAndCommentLines(String name) {
    IntFunction<String> shape = shape(name);
    Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          bestParseNanos(shape, 2_000); // warm-up: class loading and the JIT
          long small = bestParseNanos(shape, 1_000);
          long large = bestParseNanos(shape, 16_000);
          // 16 times the lines: linear growth gives about 16, quadratic 256, and tomlj alone, being
          // cubic, about 4,000 (4,000 blank lines: minutes). The wide margin is for a shared, noisy
          // machine; a constant 2 ms floor for tiny times.
          assertThat((double) large / Math.max(small, 2_000_000L))
              .as("time for 16,000 %s lines over time for 1,000", name)
              .isLessThan(80.0);
        });
  }

  @Test
  void parse_reportsErrorsAtTheirLineInTheWrittenFile() {
    String toml = "version = 1\n\n# comment\n\n   \n[install]\nhello.pkg-path = = 1\n";

    assertThatThrownBy(() -> ManifestParser.parse(toml, "manifest.toml"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("manifest.toml:7:");
  }

  @Test
  void parse_keepsBlankAndHashLinesInsideMultilineStrings() {
    String toml =
        "version = 1\n[hook]\non-activate = \"\"\"\n\n# not a comment\n\n  echo hi\n\"\"\"\n\n"
            + "[profile]\ncommon = '''\n\n# kept\n'''\n";

    Manifest manifest = ManifestParser.parse(toml, "manifest.toml");

    assertThat(manifest.onActivate()).isEqualTo("\n# not a comment\n\n  echo hi\n");
    assertThat(manifest.profile().common()).isEqualTo("\n# kept\n");
  }

  @Test
  void compact_leavesOutOnlyBlankAndCommentLinesOutsideStrings() {
    String toml =
        "a = 1 # c\n\n# c\nb = \"x # y\"\nc = \"\"\"\"a\"\"\"\"\n\nd = '''\n\n'''\n  # c\n"
            + "e = \"q\\\"\" # c\n";

    TomlDocument document = TomlDocument.parse(toml);

    assertThat(document.result().errors()).isEmpty();
    assertThat(document.result().getString("b")).isEqualTo("x # y");
    assertThat(document.result().getString("c")).isEqualTo("\"a\"");
    assertThat(document.result().getString("d")).isEqualTo("\n");
    assertThat(document.line(document.result().inputPositionOf("d"))).isEqualTo(7);
    assertThat(document.line(document.result().inputPositionOf("e"))).isEqualTo(11);
  }

  @Test
  void parse_controlCharacterInAMultiLineString_isReportedWhereItStands() {
    String toml = "version = 1\n[hook]\non-activate = \'\'\'\n\necho a\u000eb\n\n\n\'\'\'\n";
    assertThatThrownBy(() -> ManifestParser.parse(toml, "manifest.toml"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("manifest.toml:5:7: invalid TOML: Unexpected '\\u000e'");
  }
}
