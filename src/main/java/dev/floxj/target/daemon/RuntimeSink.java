package dev.floxj.target.daemon;

import dev.floxj.FloxjException;
import dev.floxj.target.ImageSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A container runtime's {@code load} command, fed the archive on its standard input. */
public final class RuntimeSink implements ImageSink {

  /** The runtimes floxj can load into. */
  public enum Runtime {
    DOCKER("docker", "Docker"),
    PODMAN("podman", "Podman");

    final String command;
    final String displayName;

    Runtime(String command, String displayName) {
      this.command = command;
      this.displayName = displayName;
    }

    public String command() {
      return command;
    }
  }

  private final Runtime runtime;
  private final String executable;
  private final PrintStream messages;
  private final Map<String, String> environment;
  private Process process;
  private Thread stdoutReader;
  private Thread stderrReader;
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  /**
   * @param executable the runtime's command, resolved on PATH by the caller
   * @param messages where the runtime's own report ("Loaded image: ...") is repeated
   * @param environment the runtime's environment (e.g. DOCKER_HOST): floxj's own
   */
  public RuntimeSink(
      Runtime runtime, String executable, PrintStream messages, Map<String, String> environment) {
    this.runtime = runtime;
    this.executable = executable;
    this.messages = messages;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public OutputStream open() throws IOException {
    try {
      ProcessBuilder builder = new ProcessBuilder(List.of(executable, "load"));
      builder.environment().clear();
      builder.environment().putAll(environment);
      process = builder.start();
    } catch (IOException e) {
      throw new FloxjException(
          "Cannot start '" + executable + " load': " + e.getMessage() + ".", e);
    }
    stdoutReader = drain(process.getInputStream(), stdout);
    stderrReader = drain(process.getErrorStream(), stderr);
    return process.getOutputStream();
  }

  private static Thread drain(InputStream from, ByteArrayOutputStream into) {
    Thread thread =
        new Thread(
            () -> {
              try (from) {
                from.transferTo(into);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "floxj-runtime-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  @Override
  public void commit() throws IOException {
    process.getOutputStream().close();
    int exit = waitForExit();
    if (exit != 0) {
      throw failed("exited with status " + exit, null);
    }
    String report = stdout.toString(StandardCharsets.UTF_8).strip();
    if (!report.isEmpty()) {
      messages.println(report);
    }
  }

  @Override
  public void abort() {
    if (process != null) {
      process.destroy();
    }
  }

  @Override
  public FloxjException writeFailure(IOException cause) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it is already broken; its exit status and stderr tell why
    }
    int exit = waitForExit();
    return failed(
        exit == 0 ? "stopped reading (" + cause.getMessage() + ")" : "exited with status " + exit,
        cause);
  }

  private int waitForExit() {
    try {
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      stdoutReader.join(TimeUnit.SECONDS.toMillis(10));
      stderrReader.join(TimeUnit.SECONDS.toMillis(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      return -1;
    }
  }

  private FloxjException failed(String how, Throwable cause) {
    String output = stderr.toString(StandardCharsets.UTF_8).strip();
    return new FloxjException(
        "'"
            + executable
            + " load' "
            + how
            + (output.isEmpty() ? "." : ": " + output)
            + (output.endsWith(".") || output.endsWith("?") || output.isEmpty() ? "" : ".")
            + " Writing to runtime was unsuccessful.",
        cause);
  }

  @Override
  public String description() {
    return runtime.displayName + " runtime";
  }
}
