package dev.floxj.locking;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.FloxjException;
import dev.floxj.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local {@code nix} command, run with flakes enabled (Nix 2.4 to 2.x need {@code nix-command
 * flakes} as experimental features) against the system store or a chroot store. Its JSON output is
 * parsed; its progress on stderr goes to a listener, and its error becomes the message of a {@link
 * FloxjException}.
 */
public final class NixCommand {
  private static final int KEPT_LINES = 40;

  private final String executable;
  private final Map<String, String> environment;
  private final Path storeRoot;
  private final Consumer<String> progress;
  private final List<String> options;

  private NixCommand(
      String executable,
      Map<String, String> environment,
      Path storeRoot,
      Consumer<String> progress,
      List<String> options) {
    this.executable = executable;
    this.environment = environment;
    this.storeRoot = storeRoot;
    this.progress = progress;
    this.options = List.copyOf(options);
  }

  /** This command with {@code --offline}: nix downloads nothing and takes what it has cached. */
  NixCommand offline() {
    return withOptions(List.of("--offline"));
  }

  /** This command with the nix.conf setting {@code name} set to {@code value} ({@code --option}). */
  NixCommand withSetting(String name, String value) {
    return withOptions(List.of("--option", name, value));
  }

  private NixCommand withOptions(List<String> more) {
    List<String> all = new ArrayList<>(options);
    all.addAll(more);
    return new NixCommand(executable, environment, storeRoot, progress, all);
  }

  /**
   * Nix failed; {@link #unreachable()} tells whether it was because a host could not be reached
   * at all (curl's "Couldn't resolve host name", "Couldn't resolve proxy name", "Couldn't connect
   * to server"): offline, where trying again cannot help.
   */
  static final class Failure extends FloxjException {
    private static final long serialVersionUID = 1L;
    private final boolean unreachable;

    Failure(String message, boolean unreachable) {
      super(message);
      this.unreachable = unreachable;
    }

    boolean unreachable() {
      return unreachable;
    }
  }

  private static final List<String> UNREACHABLE =
      List.of("Couldn't resolve host name", "Couldn't resolve proxy name", "Couldn't connect to server");

  /**
   * The {@code nix} found on the {@code PATH} of {@code environment}, if any.
   *
   * @param storeRoot the store's root: {@code /} for the system store, else a chroot store
   * @param progress receives each line nix prints on stderr
   */
  public static Optional<NixCommand> find(
      Map<String, String> environment, Path storeRoot, Consumer<String> progress) {
    String path = environment.getOrDefault("PATH", "");
    for (String directory : path.isEmpty() ? new String[0] : path.split(File.pathSeparator)) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, "nix");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(new NixCommand(candidate.toString(), environment, storeRoot, progress, List.of()));
      }
    }
    return Optional.empty();
  }

  /**
   * Runs {@code nix SUBCOMMAND... ARGS} and parses its stdout as JSON.
   *
   * @param what what the command does, for the error message: "nix could not <what>: ..."
   * @param hint what the user can do about a failure, ending the error message
   */
  JsonNode json(List<String> arguments, String what, String hint) {
    List<String> command = new ArrayList<>();
    command.add(executable);
    command.add("--extra-experimental-features");
    command.add("nix-command flakes");
    command.addAll(arguments);
    command.addAll(options);
    if (storeRoot.getParent() != null) {
      command.add("--store");
      command.add(storeRoot.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new FloxjException("Cannot run " + executable + ": " + e.getMessage() + ".", e);
    }
    Deque<String> lastLines = new ArrayDeque<>();
    Thread stderrReader =
        new Thread(() -> follow(process.getErrorStream(), lastLines), "nix stderr");
    stderrReader.setDaemon(true);
    stderrReader.start();
    byte[] stdout;
    try (InputStream out = process.getInputStream()) {
      stdout = out.readAllBytes();
      int exit = process.waitFor();
      stderrReader.join();
      if (exit != 0) {
        String error = errorOf(lastLines, exit);
        throw new Failure(
            "nix could not " + what + ": " + error + "; " + hint + ".",
            UNREACHABLE.stream().anyMatch(error::contains));
      }
      return Json.mapper().readTree(stdout);
    } catch (IOException e) {
      throw new FloxjException(
          "nix could not "
              + what
              + ": its output was unreadable ("
              + e.getMessage()
              + "); "
              + hint
              + ".",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
      throw new FloxjException("Interrupted while nix was busy (" + what + ").", e);
    }
  }

  private void follow(InputStream stderr, Deque<String> lastLines) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        progress.accept(line);
        synchronized (lastLines) {
          lastLines.addLast(line);
          if (lastLines.size() > KEPT_LINES) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process ended; what was read is what there is.
    }
  }

  /** Nix's "error: ..." and the lines after it, on one line; else its last lines. */
  private static String errorOf(Deque<String> lastLines, int exit) {
    List<String> lines;
    synchronized (lastLines) {
      lines = new ArrayList<>(lastLines);
    }
    int first = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("error:")) {
        first = i;
      }
    }
    List<String> relevant =
        first >= 0
            ? lines.subList(first, lines.size())
            : lines.subList(Math.max(0, lines.size() - 3), lines.size());
    String text =
        String.join(" ", relevant.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    if (text.isEmpty()) {
      return "it exited with status " + exit;
    }
    text = text.startsWith("error: ") ? text.substring("error: ".length()) : text;
    text = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    return text.length() > 600 ? text.substring(0, 600) + "…" : text;
  }
}
