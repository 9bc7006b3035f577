package dev.floxj.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** An external command run to completion with a timeout, its output captured (test support). */
public final class Subprocess {
  /** How a finished command ended. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** Returns this result, or fails the test with the command's output when it did not exit 0. */
    public Result assertSuccess() {
      if (!succeeded()) {
        throw new AssertionError(describe());
      }
      return this;
    }

    /** The command, its exit code and both outputs, for failure messages. */
    public String describe() {
      return "`"
          + String.join(" ", command)
          + "` exited with "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final List<String> command;
  private final Map<String, String> environment = new LinkedHashMap<>();
  private Duration timeout = DEFAULT_TIMEOUT;
  private InputStream stdin;
  private Path stdinFile;
  private Path stdoutFile;
  private Path directory;

  private Subprocess(List<String> command) {
    this.command = List.copyOf(command);
  }

  public static Subprocess of(String... command) {
    return new Subprocess(List.of(command));
  }

  public static Subprocess of(List<String> command) {
    return new Subprocess(command);
  }

  /** Adds or overrides one environment variable (the rest is inherited). */
  public Subprocess env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** Kills the command and fails the test when it runs longer (default two minutes). */
  public Subprocess timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Feeds this stream to the command's stdin (otherwise stdin is empty). */
  public Subprocess stdin(InputStream stdin) {
    this.stdin = stdin;
    return this;
  }

  /** Feeds this file to the command's stdin. */
  public Subprocess stdin(Path file) {
    this.stdinFile = file;
    return this;
  }

  /** Sends stdout to a file instead of capturing it (for binary output such as an image). */
  public Subprocess stdoutTo(Path file) {
    this.stdoutFile = file;
    return this;
  }

  public Subprocess directory(Path directory) {
    this.directory = directory;
    return this;
  }

  /** Runs the command; a timeout or a failure to start fails the test, a non-zero exit does not. */
  public Result run() {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    if (stdinFile != null) {
      builder.redirectInput(stdinFile.toFile());
    }
    if (stdoutFile != null) {
      builder.redirectOutput(stdoutFile.toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError("Cannot start `" + String.join(" ", command) + "`: " + e, e);
    }
    FutureTask<String> stdout = collect(process.getInputStream());
    FutureTask<String> stderr = collect(process.getErrorStream());
    if (stdinFile == null) {
      feedStdin(process);
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(
            "`" + String.join(" ", command) + "` did not finish within " + timeout
                + "; stderr so far:\n" + finished(stderr));
      }
      return new Result(command, process.exitValue(), finished(stdout), finished(stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new AssertionError("Interrupted while running `" + String.join(" ", command) + "`", e);
    }
  }

  private void feedStdin(Process process) {
    if (stdin == null) {
      closeQuietly(process.getOutputStream());
      return;
    }
    Thread feeder =
        new Thread(
            () -> {
              try (OutputStream out = process.getOutputStream()) {
                stdin.transferTo(out);
              } catch (IOException e) {
                // The command stopped reading (e.g. it failed early); its exit code tells why.
              }
            },
            "stdin of " + command.get(0));
    feeder.setDaemon(true);
    feeder.start();
  }

  private static FutureTask<String> collect(InputStream stream) {
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
              }
            });
    Thread reader = new Thread(task, "subprocess output");
    reader.setDaemon(true);
    reader.start();
    return task;
  }

  private static String finished(FutureTask<String> output) throws InterruptedException {
    try {
      // The process has ended; a grandchild still holding the pipe must not hang the test.
      return output.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new UncheckedIOException(new IOException("Cannot read the command's output", e));
    } catch (TimeoutException e) {
      output.cancel(true);
      return "(output still open after the command ended)";
    }
  }

  private static void closeQuietly(OutputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      // Nothing to clean up: the command just gets no stdin.
    }
  }
}
