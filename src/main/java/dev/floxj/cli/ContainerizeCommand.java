package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.cli.Main.Invocation;
import dev.floxj.containerize.BuildTime;
import dev.floxj.containerize.ContainerizeRequest;
import dev.floxj.containerize.Containerizer;
import dev.floxj.image.Image;
import dev.floxj.output.DockerArchiveWriter;
import dev.floxj.output.FileSink;
import dev.floxj.output.ImageSink;
import dev.floxj.output.RuntimeSink;
import dev.floxj.output.RuntimeSink.Runtime;
import dev.floxj.output.StdoutSink;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.substitution.StoreSource;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floxj containerize}: builds the environment's image and sends it where it was asked. */
@Command(
    name = "containerize",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Builds a container image from a locked flox environment and streams it as a docker-archive.",
      "By default the image goes to stdout when it is not a terminal (floxj containerize | docker"
          + " load); otherwise it is loaded into the first docker or podman on PATH, or written to"
          + " ./<name>-container.tar."
    })
final class ContainerizeCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "Directory holding .flox/ (default: the current directory).")
  private Path directory;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write the image to FILE (atomically); '-' means stdout.")
  private String file;

  @Option(names = "--runtime", paramLabel = "RUNTIME", description = "Load the image into docker or podman (`<runtime> load`).")
  private Runtime runtime;

  @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "Image tag (default: [containerize] tag, else latest).")
  private String tag;

  @Option(names = "--max-layers", paramLabel = "N", description = "At most N layers, the customisation layer included, 2..125 (default: [containerize] max-layers, else 100).")
  private Integer maxLayers;

  @Option(names = "--store", paramLabel = "ROOT", description = "Root of the local Nix store: ROOT/nix/store and ROOT/nix/var/nix/db (default: /).")
  private Path storeRoot = Path.of("/");

  @Option(names = "--system", paramLabel = "SYSTEM", description = "Target system, x86_64-linux or aarch64-linux (default: the host's).")
  private String system;

  @Option(names = "--created", paramLabel = "now|TIMESTAMP", description = "The image's creation time: 'now' or an ISO-8601 instant (default: $SOURCE_DATE_EPOCH, else 1970-01-01T00:00:01Z).")
  private String created;

  @Mixin private SubstitutionOptions substitution = new SubstitutionOptions();

  @ArgGroup(exclusive = true)
  private Verbosity verbosity = new Verbosity();

  /** -v and -q exclude each other. */
  static final class Verbosity {
    @Option(names = {"-v", "--verbose"}, description = "Say more, and show stack traces of errors.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print errors only.")
    boolean quiet;
  }

  ContainerizeCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws IOException {
    Console console =
        new Console(
            invocation.stderr(),
            verbosity.quiet
                ? Console.Verbosity.QUIET
                : verbosity.verbose ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL);
    ContainerizeRequest request =
        new ContainerizeRequest(
            resolve(Optional.ofNullable(directory).orElse(Path.of("."))),
            system == null ? TargetSystem.host() : TargetSystem.parse(system),
            resolve(storeRoot),
            maxLayers,
            tag,
            BuildTime.parse(created, invocation.environment().get("SOURCE_DATE_EPOCH")));
    console.info("Building container...");
    try (StoreSource stores =
        substitution.open(request.storeRoot(), invocation.environment(), invocation.workingDirectory(), console)) {
      return write(new Containerizer().prepare(request, stores), console);
    } finally {
      console.status("");
    }
  }

  private int write(Image image, Console console) throws IOException {
    ImageSink sink = chooseSink(image, console);
    try (OutputStream out = sink.open()) {
      new DockerArchiveWriter(new ProgressMessages(console)).write(image, out);
      sink.commit();
    } catch (IOException e) {
      FloxjException failure = sink.writeFailure(e); // first: it may wait for the runtime's stderr
      sink.abort();
      throw failure;
    } catch (RuntimeException | Error e) {
      sink.abort();
      throw e;
    }
    console.info("⚡︎ '" + image.reference() + "' written to " + sink.description());
    return 0;
  }

  private Path resolve(Path path) {
    return invocation.workingDirectory().resolve(path).normalize();
  }

  /** Where the image goes: flox's rules, but never onto a terminal. */
  private ImageSink chooseSink(Image image, Console console) {
    // A named runtime must exist even when --file wins, as in flox.
    String runtimeExecutable = runtime == null ? null : findOnPath(runtime.command())
        .orElseThrow(() -> new FloxjException(
            "'" + runtime.command() + "' was not found on PATH; install it or drop --runtime."));
    if ("-".equals(file)) {
      return stdout();
    }
    if (file != null) {
      return new FileSink(resolve(Path.of(file)));
    }
    if (runtime != null) {
      return new RuntimeSink(runtime, runtimeExecutable, console.stream(), invocation.environment());
    }
    if (!invocation.stdoutIsTerminal()) {
      return stdout();
    }
    for (String directory : searchPath()) {
      for (Runtime candidate : Runtime.values()) {
        Path executable = Path.of(directory, candidate.command());
        if (Files.isExecutable(executable)) {
          return new RuntimeSink(candidate, executable.toString(), console.stream(), invocation.environment());
        }
      }
    }
    return new FileSink(resolve(Path.of(image.reference().name().replace('/', '-') + "-container.tar")));
  }

  private ImageSink stdout() {
    if (invocation.stdoutIsTerminal()) {
      throw new FloxjException(
          "Refusing to write an image to a terminal; pipe it into a command (floxj containerize |"
              + " docker load) or write it to a file with -f FILE.");
    }
    return new StdoutSink(invocation.stdout());
  }

  private Optional<String> findOnPath(String command) {
    for (String directory : searchPath()) {
      Path executable = Path.of(directory, command);
      if (Files.isExecutable(executable)) {
        return Optional.of(executable.toString());
      }
    }
    return Optional.empty();
  }

  private String[] searchPath() {
    String path = invocation.environment().getOrDefault("PATH", "");
    return path.isEmpty() ? new String[0] : path.split(File.pathSeparator);
  }
}
