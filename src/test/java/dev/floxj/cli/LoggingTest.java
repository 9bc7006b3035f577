package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Diagnostics go to stderr only (Logback's console default would be stdout), at the asked level. */
class LoggingTest {
  private final PrintStream originalOut = System.out;
  private final PrintStream originalErr = System.err;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private void configure(String... args) {
    System.clearProperty(GeneralOptions.LOG_LEVEL_PROPERTY);
    GeneralOptions.chooseLogLevel(args);
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new Diagnostics().configure(context);
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    System.setErr(originalErr);
    configure();
    System.setOut(originalOut);
    System.setErr(originalErr);
    System.clearProperty(GeneralOptions.LOG_LEVEL_PROPERTY);
  }

  @Test
  void sqliteJdbcWarnings_goToStderr_neverToStdout() {
    configure("containerize");
    org.sqlite.util.LoggerFactory.getLogger(LoggingTest.class).warn(() -> "a library's warning");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("[WARN LoggingTest] a library's warning\n");
  }

  @Test
  void floxjDebugLines_onlyWithDebug_andEscaped() {
    configure("containerize", "-v");
    LoggerFactory.getLogger("dev.floxj.substitution.HttpTransport").debug("GET {} -> HTTP {}", "x", 200);
    LoggerFactory.getLogger("dev.floxj.substitution.HttpTransport").info("seen with -v");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("[INFO HttpTransport] seen with -v\n");
    err.reset();
    configure("--debug", "containerize");
    LoggerFactory.getLogger("dev.floxj.substitution.HttpTransport").debug("GET {} -> HTTP {}", "\u001b[2Jx", 200);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("[DEBUG HttpTransport] GET ").doesNotContain("\u001b");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
