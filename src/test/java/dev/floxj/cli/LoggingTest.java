package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;
import org.junit.jupiter.api.Test;

class LoggingTest {
  @Test
  void sqliteJdbcLogLines_goToStderr_neverToStdout() throws IOException {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      // Reconfigure so that the console handler binds to the streams just set.
      LogManager.getLogManager().readConfiguration();
      org.sqlite.util.LoggerFactory.getLogger(LoggingTest.class).warn(() -> "a library's warning");
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      LogManager.getLogManager().readConfiguration();
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("a library's warning");
  }
}
