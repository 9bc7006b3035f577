package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @Test
  void libraryLogLines_goToStderr_neverToStdout() {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      // Reconfigure so that the appender binds to the streams just set.
      ch.qos.logback.classic.LoggerContext context =
          (ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      new ch.qos.logback.classic.util.ContextInitializer(context).autoConfig();
      LoggerFactory.getLogger("org.sqlite.Example").warn("a library's warning");
      LoggerFactory.getLogger("org.sqlite.Example").info("a library's chatter");
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("a library's warning")
        .doesNotContain("chatter");
  }
}
