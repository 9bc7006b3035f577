package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker.LockedEnvironment;
import dev.floxj.locking.NixNotFoundException;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.FloxjSettings;
import dev.floxj.manifest.Manifest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code floxj edit}: edits the manifest (manifest.toml or flox.nix) in {@code $EDITOR} on a copy,
 * or takes the new text from {@code -f FILE}; saves it only when it is valid and locks, keeping a
 * refused edit for another try.
 */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Edits the environment's manifest (manifest.toml, or flox.nix) and re-locks it.",
      "The copy opened in $EDITOR (else $VISUAL, vi or nano) replaces the manifest only when it is"
          + " valid and its packages resolve; otherwise it is kept for another try."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj edit                  the manifest in $EDITOR",
      "  floxj edit -f new.toml      the manifest replaced by new.toml",
      "  cat new.toml | floxj edit -f -"
    })
final class EditCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Take the new manifest from FILE instead of opening an editor; '-' reads it from stdin.")
  private Path file;

  @Mixin private EnvironmentOptions options;

  @Mixin private VerbosityOptions verbosity;

  EditCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws IOException {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment = options.open(invocation);
    String original = environment.manifestText();
    boolean fromStdin = file != null && file.toString().equals("-");
    Path edited = null;
    String text;
    if (fromStdin) {
      text = new String(invocation.stdin().readAllBytes(), StandardCharsets.UTF_8);
    } else if (file != null) {
      edited = invocation.workingDirectory().resolve(file).normalize();
      text = read(edited);
    } else {
      Path directory = Files.createTempDirectory(temporaryRoot(), "floxj-edit-");
      edited = directory.resolve(environment.manifestPath().getFileName());
      Files.writeString(edited, original, StandardCharsets.UTF_8);
      runEditor(edited);
      text = read(edited);
    }
    while (true) {
      if (text.equals(original)) {
        console.warn("No changes made to environment.");
        cleanUp(edited);
        return 0;
      }
      // Errors name the file the user wrote, with its lines: the editor's copy, FILE, or stdin.
      String label = fromStdin ? "<stdin>" : edited.toString();
      LockedEnvironment locked;
      try {
        Manifest parsed = environment.parseManifest(text, label);
        if (environment.format() == EnvironmentDirectory.Format.MANIFEST_TOML) {
          List<String> floxjKeys = FloxjSettings.keysIn(parsed.containerize());
          if (!floxjKeys.isEmpty()) {
            throw new FloxjException(
                "flox would refuse the manifest: it allows only [containerize.config] under"
                    + " [containerize], not "
                    + String.join(", ", floxjKeys)
                    + "; put floxj's own settings in "
                    + environment.floxjSettingsPath()
                    + " under [containerize] instead");
          }
        }
        locked = options.lock(invocation, console, environment, text, true);
      } catch (NixNotFoundException e) {
        environment.writeManifest(text);
        console.warn("Saved " + environment.manifestPath() + ", but not its lock: " + e.clause() + ".");
        cleanUp(edited);
        return 0;
      } catch (FloxjException e) {
        if (file == null && invocation.interactive()) {
          console.error(e.getMessage());
          if (confirm(console, "Continue editing?")) {
            runEditor(edited);
            text = read(edited);
            continue;
          }
        }
        throw new FloxjException(
            "Not saved: " + withoutFinalPeriod(e.getMessage()) + "; " + keep(edited, fromStdin) + ".", e);
      }
      environment.writeManifest(text);
      environment.writeLockfile(locked.text());
      cleanUp(edited);
      console.updated("Environment successfully updated.");
      return 0;
    }
  }

  private String keep(Path edited, boolean fromStdin) {
    if (fromStdin) {
      return "fix the text and pipe it to `floxj edit -f -` again";
    }
    return file != null
        ? "fix " + edited + " and run `floxj edit -f " + edited + "` again"
        : "your edit is kept at " + edited + ": fix it and run `floxj edit -f " + edited + "`";
  }

  /** Asks a yes/no question on the terminal; Enter means yes, as in flox. */
  private boolean confirm(Console console, String question) throws IOException {
    console.stream().print("? " + question + " [Y/n] ");
    console.stream().flush();
    StringBuilder answer = new StringBuilder();
    for (int c = invocation.stdin().read(); c >= 0 && c != '\n'; c = invocation.stdin().read()) {
      answer.append((char) c);
    }
    String reply = answer.toString().strip().toLowerCase(java.util.Locale.ROOT);
    return reply.isEmpty() || reply.equals("y") || reply.equals("yes");
  }

  /** Runs the user's editor on {@code path}, through sh so that EDITOR may carry arguments. */
  private void runEditor(Path path) {
    String editor =
        nonBlank(invocation.environment().get("EDITOR"))
            .or(() -> nonBlank(invocation.environment().get("VISUAL")))
            .or(() -> onPath("vi"))
            .or(() -> onPath("nano"))
            .orElseThrow(
                () ->
                    new FloxjException(
                        "No editor to open: set EDITOR (e.g. EDITOR=vi), or pass the new manifest"
                            + " with -f FILE."));
    ProcessBuilder builder =
        new ProcessBuilder("sh", "-c", editor + " \"$1\"", "floxj-edit", path.toString())
            .inheritIO();
    builder.environment().clear();
    builder.environment().putAll(invocation.environment());
    int exit;
    try {
      exit = builder.start().waitFor();
    } catch (IOException e) {
      throw new FloxjException(
          "Cannot run the editor '" + editor + "': " + e.getMessage() + ".", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FloxjException("Interrupted while the editor was open; nothing was saved.", e);
    }
    if (exit != 0) {
      throw new FloxjException(
          "The editor '"
              + editor
              + "' exited with status "
              + exit
              + ", so nothing was saved; your"
              + " edit is kept at "
              + path
              + " (`floxj edit -f "
              + path
              + "` saves it).");
    }
  }

  private Optional<String> onPath(String program) {
    String path = invocation.environment().getOrDefault("PATH", "");
    for (String directory : path.isEmpty() ? new String[0] : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return Optional.of(program);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FloxjException(path + " cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /**
   * Where the editor's copy goes: {@code TMPDIR} when it names a directory, as for every Unix
   * program (and flox), else the JVM's temporary directory ({@code /tmp}).
   */
  private Path temporaryRoot() {
    return nonBlank(invocation.environment().get("TMPDIR"))
        .map(Path::of)
        .filter(Files::isDirectory)
        .orElse(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** Removes the temporary copy (never a file the user passed with -f). */
  private void cleanUp(Path edited) throws IOException {
    if (file == null && edited != null) {
      Files.deleteIfExists(edited);
      Files.deleteIfExists(edited.getParent());
    }
  }

  private static String withoutFinalPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }
}
