package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

  @Test
  void escape_writesControlCharactersAsVisibleEscapes() {
    assertThat(TerminalText.escape("a\u001b[2Jb\u001b]0;title\u0007c\nd\te\rf\u0000\u007f\u009b"))
        .isEqualTo("a\\x1b[2Jb\\x1b]0;title\\x07c\\nd\\te\\rf\\x00\\x7f\\x9b");
  }

  @Test
  void escape_writesBidirectionalOverridesAsEscapes() {
    assertThat(TerminalText.escape("ok\u202egnp.exe\u2066")).isEqualTo("ok\\u202egnp.exe\\u2066");
  }

  @Test
  void escape_leavesPrintableTextIncludingEmojiAndAccentsAlone() {
    String text = "✘ ERROR: café ⚡︎ '/nix/store/abc-hello' — 日本";
    assertThat(TerminalText.escape(text)).isSameAs(text);
  }

  @Test
  void console_escapesEveryMessageAndStatusLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Console console = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), Console.Verbosity.VERBOSE);

    console.info("narinfo line '\u001b[1A\u001b[2K✅ done'");
    console.error("entry \u001b]0;pwned\u0007");
    console.detail("x\ny");
    console.warn("w\u001bc");
    console.trace(new IllegalStateException("boom\u001b[31m"));

    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertThat(shown).doesNotContain("\u001b", "\u0007").contains("\\x1b[1A", "\\x1b]0;pwned\\x07", "x\\ny");
  }
}
