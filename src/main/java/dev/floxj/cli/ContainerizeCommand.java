package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.cli.Main.Invocation;
import dev.floxj.containerize.BuildTime;
import dev.floxj.containerize.ContainerizeRequest;
import dev.floxj.containerize.Containerizer;
import dev.floxj.containerize.PreparedImage;
import dev.floxj.image.model.ImageReference;
import dev.floxj.containerize.ImageToolsChoice;
import dev.floxj.resolution.ImageTools;
import dev.floxj.resolution.ImageToolsSource;
import dev.floxj.manifest.ActivateMode;
import dev.floxj.locking.EnvironmentLocker;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.target.FileSink;
import dev.floxj.target.ImageSink;
import dev.floxj.target.StdoutSink;
import dev.floxj.target.daemon.RuntimeSink;
import dev.floxj.target.daemon.RuntimeSink.Runtime;
import dev.floxj.target.dockerarchive.DockerArchiveDestination;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.substitution.StoreSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

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
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj containerize | docker load           the image of ./.flox into Docker",
      "  floxj containerize -d env -f image.tar     a docker-archive file",
      "  floxj containerize --runtime podman -t v1  into podman, tagged <name>:v1",
      "  floxj -v containerize --offline            no network; say more"
    })
final class ContainerizeCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", description = "Directory holding .flox/ (default: the current directory).")
  private Path directory;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Write the image to FILE (atomically); '-' means stdout.")
  private String file;

  @Option(names = "--runtime", paramLabel = "docker|podman", converter = RuntimeChoice.class, completionCandidates = RuntimeChoice.Names.class, description = "Load the image into docker or podman (`<runtime> load`).")
  private Runtime runtime;

  @Option(names = {"-t", "--tag"}, paramLabel = "TAG", description = "Image tag (default: [containerize] tag, else latest).")
  private String tag;

  @Option(names = "--max-layers", paramLabel = "N", converter = MaxLayersConverter.class, description = "At most N layers, the customisation layer included, 2..125 (default: [containerize] max-layers, else 100).")
  private Integer maxLayers;

  @Option(names = "--store", paramLabel = "ROOT", description = "Root of the local Nix store: ROOT/nix/store and ROOT/nix/var/nix/db (default: /).")
  private Path storeRoot = Path.of("/");

  @Option(names = "--system", paramLabel = "SYSTEM", converter = SystemConverter.class, completionCandidates = SystemConverter.Names.class, description = "Target system, x86_64-linux or aarch64-linux (default: the host's).")
  private TargetSystem system;

  @Option(names = "--catalog", paramLabel = "FLAKEREF", description = "The catalog to lock against when the lock is missing or out of date (default: $FLOXJ_CATALOG, else nixpkgs).")
  private String catalog;

  @Option(names = "--image-tools", paramLabel = "SOURCE", description = "Where the image's bash, coreutils, CA bundle and locales come from: a flake reference, 'builtin', 'none', or bash=PATH,coreutils=PATH,cacert=PATH,locales=PATH (default: $FLOXJ_IMAGE_TOOLS, else the lock, the catalog when Nix is installed, else floxj's built-in store paths).")
  private String imageTools;

  @Option(names = "--created", paramLabel = "now|TIMESTAMP", converter = CreatedConverter.class, description = "The image's creation time: 'now' or an ISO-8601 instant (default: $SOURCE_DATE_EPOCH, else the manifest's created, else 1970-01-01T00:00:01Z).")
  private String created;

  @Option(names = {"-m", "--mode"}, paramLabel = "dev|run", converter = ModeConverter.class, description = "Activation mode: dev sets development search paths (CPATH, PKG_CONFIG_PATH, ...), run does not (default: options.activate.mode, else dev).")
  private ActivateMode mode;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "An image label, merged over [containerize.config] labels; repeatable. KEY alone gives an empty value.")
  private List<String> labels = new ArrayList<>();

  @Spec private CommandSpec spec;

  @Mixin private SubstitutionOptions substitution = new SubstitutionOptions();

  @Mixin private VerbosityOptions verbosity = new VerbosityOptions();

  /** --system: checked while parsing, so that a bad value is a usage error (exit 2). */
  static final class SystemConverter implements ITypeConverter<TargetSystem> {
    @Override
    public TargetSystem convert(String value) {
      try {
        return TargetSystem.parse(value);
      } catch (FloxjException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }

    /** The systems floxj builds for, for completion. */
    static final class Names implements Iterable<String> {
      @Override
      public java.util.Iterator<String> iterator() {
        return List.of("x86_64-linux", "aarch64-linux").iterator();
      }
    }
  }

  /** --max-layers: 2..125, checked while parsing (exit 2). */
  static final class MaxLayersConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int layers;
      try {
        layers = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number");
      }
      if (layers < 2 || layers > Containerizer.MAX_LAYERS_LIMIT) {
        throw new TypeConversionException(
            layers + " is not between 2 and " + Containerizer.MAX_LAYERS_LIMIT
                + " (a store layer and the customisation layer at least; Docker loads no more than 125)");
      }
      return layers;
    }
  }

  /** --created: checked while parsing (exit 2), kept as given. */
  static final class CreatedConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        BuildTime.parseIfGiven(value, null);
        return value;
      } catch (FloxjException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** dev or run, as manifest.toml writes them. */
  static final class ModeConverter implements ITypeConverter<ActivateMode> {
    @Override
    public ActivateMode convert(String value) {
      return ActivateMode.fromKeyword(value)
          .orElseThrow(() -> new TypeConversionException("expected dev or run, not '" + value + "'"));
    }
  }

  ContainerizeCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws IOException {
    Console console = verbosity.console(invocation);
    if (file != null && !file.equals("-")) {
      FileSink.check(resolve(Path.of(file))); // before any work, not after streaming the image
    }
    ContainerizeRequest request =
        new ContainerizeRequest(
            resolve(Optional.ofNullable(directory).orElse(Path.of("."))),
            system == null ? TargetSystem.host() : system,
            resolve(storeRoot),
            maxLayers,
            tag,
            BuildTime.parseIfGiven(created, invocation.environment().get("SOURCE_DATE_EPOCH")),
            mode,
            labels());
    console.info("Building container...");
    lockIfNeeded(request, console);
    EnvironmentDirectory environment = EnvironmentDirectory.open(request.environmentDirectory());
    environment.floxjKeysWarning(environment.manifest()).ifPresent(console::warn);
    ImageTools tools =
        ImageToolsChoice.choose(
            ImageToolsSource.choose(imageTools, invocation.environment()),
            environment.lockfile(),
            request.system(),
            EnvironmentLocker.catalog(catalog, invocation.environment()),
            request.storeRoot(),
            invocation.environment(),
            console::detail);
    try (StoreSource stores =
        substitution.open(request.storeRoot(), invocation.environment(), invocation.workingDirectory(), console)) {
      return write(new Containerizer(console::warn).prepare(request, stores, tools), console);
    } finally {
      console.status("");
    }
  }

  private int write(PreparedImage prepared, Console console) throws IOException {
    ImageSink sink = chooseSink(prepared.reference(), console);
    DockerArchiveDestination destination =
        new DockerArchiveDestination(sink, List.of(prepared.reference()));
    destination.write(prepared.image(), new ProgressMessages(console));
    console.info("⚡︎ '" + prepared.reference() + "' written to " + destination.description());
    return 0;
  }

  /** The --label values in order, a later one winning on the same key. */
  private Map<String, String> labels() {
    Map<String, String> parsed = new LinkedHashMap<>();
    for (String label : labels) {
      int equals = label.indexOf('=');
      String key = equals < 0 ? label : label.substring(0, equals);
      if (key.isEmpty()) {
        throw new ParameterException(
            spec.commandLine(), "Invalid value for option '--label': '" + label + "' has no key; write KEY=VALUE.");
      }
      parsed.put(key, equals < 0 ? "" : label.substring(equals + 1));
    }
    return parsed;
  }

  /** Like flox, lock first when the lock is missing or stale (and explain when that cannot be). */
  private void lockIfNeeded(ContainerizeRequest request, Console console) {
    EnvironmentLocker.Settings settings =
        new EnvironmentLocker.Settings(
            EnvironmentLocker.catalog(catalog, invocation.environment()),
            request.system(),
            request.storeRoot(),
            invocation.environment());
    new EnvironmentLocker(settings, console::detail)
        .lockIfNeeded(EnvironmentDirectory.open(request.environmentDirectory()), console::info);
  }

  private Path resolve(Path path) {
    return invocation.workingDirectory().resolve(path).normalize();
  }

  /** Where the image goes: flox's rules, but never onto a terminal. */
  private ImageSink chooseSink(ImageReference reference, Console console) {
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
    return new FileSink(resolve(Path.of(reference.name().replace('/', '-') + "-container.tar")));
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
