package dev.floxj.testing;

import dev.floxj.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs floxj's command line in this JVM, capturing what it writes to stdout and stderr. */
public final class FloxjRun {
  private final Map<String, String> environment = new HashMap<>(System.getenv());
  private boolean stdoutIsTerminal;
  private Path workingDirectory = Path.of("").toAbsolutePath();
  private byte[] stdin = new byte[0];
  private boolean interactive;

  /** What one run gave. */
  public record Outcome(int exitCode, byte[] stdout, String stderr) {
    public List<String> stderrLines() {
      return stderr.lines().toList();
    }
  }

  /**
   * floxj with {@code FLOXJ_IMAGE_TOOLS=none} unless the caller sets it: tests choose the image's
   * bash, coreutils, CA bundle and locales themselves (e.g. {@link TestPackages#imageTools()}),
   * and never wait for Nix to fail to reach the default catalog.
   */
  public static FloxjRun floxj() {
    return new FloxjRun().env("FLOXJ_IMAGE_TOOLS", "none");
  }

  public FloxjRun env(String name, String value) {
    if (value == null) {
      environment.remove(name);
    } else {
      environment.put(name, value);
    }
    return this;
  }

  public FloxjRun stdoutIsTerminal(boolean terminal) {
    this.stdoutIsTerminal = terminal;
    return this;
  }

  /** What standard input holds. */
  public FloxjRun stdin(String text) {
    this.stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  /** As if stdin and stderr were a terminal: someone can be asked. */
  public FloxjRun interactive(boolean interactive) {
    this.interactive = interactive;
    return this;
  }

  public FloxjRun in(Path directory) {
    this.workingDirectory = directory;
    return this;
  }

  public Outcome run(String... arguments) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
    int exit =
        Main.run(
            new Main.Invocation(
                stdout, err, Map.copyOf(environment), stdoutIsTerminal, workingDirectory,
                new java.io.ByteArrayInputStream(stdin), interactive),
            arguments);
    return new Outcome(exit, stdout.toByteArray(), stderr.toString(StandardCharsets.UTF_8));
  }

  /**
   * The launcher {@code bin/floxj} on the built jar, as users run it; {@code
   * FLOXJ_IMAGE_TOOLS=none} as in {@link #floxj()}.
   */
  public static Subprocess launcher(String... arguments) {
    String launcher = System.getProperty("floxj.launcher", "bin/floxj");
    List<String> command = new java.util.ArrayList<>(List.of(launcher));
    command.addAll(List.of(arguments));
    return Subprocess.of(command)
        .env("FLOXJ_JAR", System.getProperty("floxj.jar", "target/floxj.jar"))
        .env("FLOXJ_IMAGE_TOOLS", "none");
  }
}
