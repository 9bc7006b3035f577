package dev.floxj.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** flox's rules for command arguments, outdenting and the order of {@code [vars]}. */
class ActivationRulesTest {
  @Test
  void commandQuoting_wrapsArgumentsWithSpaceQuoteOrBacktick_andEscapesQuoteAndBacktick() {
    // flox's own unit test: ["a b", "\""] -> "a b" "\""
    assertThat(CommandQuoting.join(List.of("a b", "\""))).isEqualTo("\"a b\" \"\\\"\"");
    assertThat(CommandQuoting.join(List.of("echo", "$HOME", "it's", "`date`", "")))
        .isEqualTo("echo $HOME it's \"\\`date\\`\" ");
    assertThat(CommandQuoting.join(List.of("sh", "-c", "echo a; echo b")))
        .isEqualTo("sh -c \"echo a; echo b\"");
  }

  @Test
  void outdent_removesTheCommonIndentation_soHeredocEndMarkersStartTheirLine() {
    assertThat(Outdent.of("  cat <<EOF\n    x\n  EOF\n")).isEqualTo("cat <<EOF\n  x\nEOF\n");
    assertThat(Outdent.of("   \n  a\n\n  b")).isEqualTo("a\n\nb");
    assertThat(Outdent.of("a\n  b\n")).isEqualTo("a\n  b\n");
    assertThat(Outdent.of("\ta\n  b")).isEqualTo("\ta\n  b");
  }

  @Test
  void varsOrder_putsEachAfterWhatItRefersTo_otherwiseAsWritten() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("API_URL", "${BASE_URL}/api");
    vars.put("Z", "plain");
    vars.put("BASE_URL", "https://${HOST:-localhost}");
    vars.put("HOST", "example.org");
    vars.put("PATH", "$PATH:/opt");

    assertThat(VarsOrder.of(vars).keySet())
        .containsExactly("Z", "HOST", "BASE_URL", "API_URL", "PATH");
  }

  @Test
  void varsOrder_keepsACircleInWrittenOrder() {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("A", "$B");
    vars.put("B", "$A");
    vars.put("C", "x");
    assertThat(VarsOrder.of(vars).keySet()).containsExactly("C", "A", "B");
  }
}
