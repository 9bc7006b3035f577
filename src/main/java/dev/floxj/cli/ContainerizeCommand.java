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
import dev.floxj.image.model.Compression;
import dev.floxj.target.Destination;
import dev.floxj.target.Fanout;
import dev.floxj.target.LayerDigestCache;
import dev.floxj.target.FileSink;
import dev.floxj.target.ImageSink;
import dev.floxj.target.StdoutSink;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.daemon.RuntimeSink;
import dev.floxj.target.daemon.RuntimeSink.Runtime;
import dev.floxj.target.dockerarchive.DockerArchiveDestination;
import dev.floxj.target.layout.OciArchiveDestination;
import dev.floxj.target.layout.OciLayoutDestination;
import dev.floxj.resolution.PlatformSelection;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.image.model.Image;
import dev.floxj.manifest.Lockfile;
import dev.floxj.target.IndexDestination;
import dev.floxj.target.WrittenIndex;
import java.util.stream.Collectors;
import java.util.function.Function;
import dev.floxj.substitution.StoreSource;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
      "Builds a container image from a locked flox environment and writes it to each --to"
          + " destination (OCI layout or archive, docker-archive, docker or podman).",
      "Without --to, -f or --runtime the image goes to stdout when it is not a terminal (floxj containerize | docker"
          + " load); otherwise it is loaded into the first docker or podman on PATH, or written to"
          + " ./<name>-container.tar."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj containerize | docker load           the image of ./.flox into Docker",
      "  floxj containerize -d env -f image.tar     a docker-archive file",
      "  floxj containerize --runtime podman -t v1  into podman, tagged <name>:v1",
      "  floxj containerize --to oci:build/oci:v1 --to docker-daemon: -t v1 -t latest",
      "                                             an OCI layout and Docker, two tags",
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

  @Option(names = "--to", paramLabel = "DEST", converter = DestinationSpec.Converter.class, description = "Where the image goes; repeatable: oci:DIR[:TAG], oci-archive:FILE[:TAG], docker-archive:FILE (- = stdout), docker-daemon:[NAME[:TAG]], podman:[NAME[:TAG]], docker://REGISTRY/REPO[:TAG].")
  private List<DestinationSpec> to = new ArrayList<>();

  @Option(names = {"-t", "--tag"}, paramLabel = "TAG", converter = TagConverter.class, description = "Image tag; repeatable, every destination gets every tag (default: [containerize] tag, else latest).")
  private List<String> tags = new ArrayList<>();

  @Option(names = "--no-cache", description = "Neither use nor update the layer-digest cache and the registry blob sightings under the cache directory: every layer is read and written (docs/cache.md).")
  private boolean noCache;

  @Option(names = "--tls-verify", paramLabel = "BOOL", arity = "0..1", fallbackValue = "true", description = "Check registries' TLS certificates (default: true); false also allows plain HTTP. Registries on loopback may always use plain HTTP.")
  private boolean tlsVerify = true;

  @Option(names = "--compression", paramLabel = "none|gzip|zstd", converter = CompressionConverter.class, description = "Layer compression of OCI layouts and archives (default: none; docker-archives and runtime loads are always uncompressed; zstd needs Docker 23+ or containerd 1.5+ to run).")
  private Compression compression;

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image ID (the config's digest, as Docker shows it) to FILE.")
  private String iidFile;

  @Option(names = "--metadata-file", paramLabel = "FILE", description = "Write JSON about what was written to FILE: references, manifest and config digests, layers with their store paths.")
  private String metadataFile;

  @Option(names = "--max-layers", paramLabel = "N", converter = MaxLayersConverter.class, description = "At most N layers, the customisation layer included, 2..125 (default: [containerize] max-layers, else 100).")
  private Integer maxLayers;

  @Option(names = "--store", paramLabel = "ROOT", description = "Root of the local Nix store: ROOT/nix/store and ROOT/nix/var/nix/db (default: /).")
  private Path storeRoot = Path.of("/");

  @Option(names = "--platform", paramLabel = "PLATFORM[,PLATFORM...]", converter = PlatformConverter.class, completionCandidates = PlatformConverter.Names.class, description = "Build for these platforms, linux/amd64 and/or linux/arm64, or all (every Linux system of the lock); repeatable or comma-separated. Several make one image index, written with --to oci:, oci-archive: or docker:// (default: the host's platform).")
  private List<String> platforms = new ArrayList<>();

  @Option(names = "--system", paramLabel = "SYSTEM", converter = SystemConverter.class, completionCandidates = SystemConverter.Names.class, description = "Target system, x86_64-linux or aarch64-linux (default: the host's); the same as --platform with one platform.")
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

  /** A --platform value (one or several, comma-separated, or all), checked while parsing (exit 2). */
  static final class PlatformConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        PlatformSelection.parse(List.of(value), null);
        return value;
      } catch (FloxjException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }

    /** The platforms floxj builds for, for completion. */
    static final class Names implements Iterable<String> {
      @Override
      public java.util.Iterator<String> iterator() {
        return List.of("linux/amd64", "linux/arm64", "linux/amd64,linux/arm64", PlatformSelection.ALL).iterator();
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
    to.forEach(this::checkLocation); // before any work: a refused directory costs no build
    if (to.stream().filter(DestinationSpec::isStdout).count() + ("-".equals(file) ? 1 : 0) > 1) {
      throw new FloxjException(
          "Only one destination can be stdout; write the others to files (--to docker-archive:FILE).");
    }
    PlatformSelection selection;
    try {
      selection = PlatformSelection.parse(platforms, system);
    } catch (FloxjException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage()); // a usage error: exit 2
    }
    if (!selection.all() && selection.systems().size() > 1) {
      checkIndexDestinations(to, selection.systems().size());
    }
    ContainerizeRequest request =
        new ContainerizeRequest(
            resolve(Optional.ofNullable(directory).orElse(Path.of("."))),
            selection.all() ? TargetSystem.host() : selection.systems().get(0),
            resolve(storeRoot),
            maxLayers,
            tags.isEmpty() ? null : tags.get(0),
            BuildTime.parseIfGiven(created, invocation.environment().get("SOURCE_DATE_EPOCH")),
            mode,
            labels());
    console.info("Building container...");
    Lockfile lockfile = lockIfNeeded(request, console);
    EnvironmentDirectory environment = EnvironmentDirectory.open(request.environmentDirectory());
    environment.floxjKeysWarning(environment.manifest()).ifPresent(console::warn);
    List<TargetSystem> systems = selection.resolve(lockfile);
    ImageToolsSource toolsSource = ImageToolsSource.choose(imageTools, invocation.environment());
    Function<TargetSystem, ImageTools> tools =
        target ->
            ImageToolsChoice.choose(
                toolsSource,
                lockfile,
                target,
                EnvironmentLocker.catalog(catalog, invocation.environment()),
                request.storeRoot(),
                substitution.offline(),
                invocation.environment(),
                console::detail);
    try (StoreSource stores =
        substitution.open(request.storeRoot(), invocation.environment(), invocation.workingDirectory(), console)) {
      if (systems.size() == 1) {
        ContainerizeRequest single = request.withSystem(systems.get(0));
        return write(
            new Containerizer(console::warn).prepare(single, stores, tools.apply(single.system())),
            to,
            compression,
            console);
      }
      checkIndexDestinations(to, systems.size());
      if (toolsSource.kind() == ImageToolsSource.Kind.PATHS) {
        throw new FloxjException(
            "--image-tools (or " + ImageToolsSource.VARIABLE + ") names store paths, which are"
                + " for one system, but " + systems.size() + " platforms were asked for; give a"
                + " flake, builtin or none, or build one --platform at a time.");
      }
      List<PreparedImage> prepared =
          new Containerizer(console::warn)
              .prepare(
                  request,
                  systems,
                  stores,
                  tools,
                  target ->
                      console.info(
                          "Resolving the "
                              + target.platformName()
                              + " image from the lock's "
                              + target.nixSystem()
                              + " packages..."));
      return writeIndex(prepared, to, compression, console);
    } finally {
      console.status("");
    }
  }

  private int write(
      PreparedImage prepared, List<DestinationSpec> specs, Compression layerCompression, Console console)
      throws IOException {
    List<Destination> destinations = new ArrayList<>();
    List<List<ImageReference>> written = new ArrayList<>();
    for (DestinationSpec spec : specs) {
      List<ImageReference> own = spec.references(prepared.reference(), tags, null);
      destinations.add(destination(spec, own, layerCompression, console));
      written.add(own);
    }
    // -f and --runtime as in flox: a named runtime must exist even when --file wins.
    String runtimeExecutable = runtime == null ? null : findOnPath(runtime.command())
        .orElseThrow(() -> new FloxjException(
            "'" + runtime.command() + "' was not found on PATH; install it or drop --runtime."));
    if (file != null || runtime != null || destinations.isEmpty()) {
      ImageSink sink =
          file != null || runtime != null
              ? chooseSink(runtimeExecutable, console)
              : defaultSink(prepared.reference(), console);
      // As a docker-archive destination written without a reference: the same names and tags.
      List<ImageReference> references =
          new DestinationSpec(DestinationSpec.Transport.DOCKER_ARCHIVE, "-", null)
              .references(prepared.reference(), tags, null);
      destinations.add(new DockerArchiveDestination(sink, references));
      written.add(references);
    }
    LayerDigestCache digests = LayerDigestCache.under(cacheDirectory());
    Image image = digests.recall(prepared.image());
    List<WrittenImage> results;
    try (ProgressMessages progress = new ProgressMessages(console, Spinner.stderrIsTerminal())) {
      results = Fanout.writeAll(image, destinations, progress);
    }
    digests.remember(image, results);
    for (int i = 0; i < destinations.size(); i++) {
      console.info(
          "⚡︎ '"
              + String.join("', '", written.get(i).stream().map(ImageReference::toString).toList())
              + "' written to "
              + destinations.get(i).description());
    }
    if (iidFile != null) {
      writeReport(iidFile, results.get(0).config().toString().getBytes(StandardCharsets.UTF_8), "--iidfile");
    }
    if (metadataFile != null) {
      writeReport(metadataFile, MetadataFile.json(prepared.image(), results), "--metadata-file");
    }
    return 0;
  }

  /**
   * Several platforms need destinations that hold an image index; a docker-archive or a runtime
   * load holds one image, so floxj refuses rather than silently writing only one platform.
   */
  private void checkIndexDestinations(List<DestinationSpec> specs, int count) {
    List<String> single = new ArrayList<>();
    if (file != null) {
      single.add("-f " + file);
    }
    if (runtime != null) {
      single.add("--runtime " + runtime.command());
    }
    for (DestinationSpec spec : specs) {
      if (!spec.holdsIndex()) {
        single.add("--to " + spec.transport().prefix + (spec.location() != null ? spec.location() : ""));
      }
    }
    if (specs.isEmpty() && single.isEmpty()) {
      single.add("the default (stdout or a docker load)");
    }
    if (!single.isEmpty()) {
      throw new FloxjException(
          count
              + " platforms make an image index, which "
              + String.join(", ", single)
              + " cannot hold (a docker-archive or a runtime load holds one image); write them"
              + " with --to oci:DIR, --to oci-archive:FILE or --to docker://REGISTRY/REPO, or"
              + " choose one --platform.");
    }
  }

  private int writeIndex(
      List<PreparedImage> prepared,
      List<DestinationSpec> specs,
      Compression layerCompression,
      Console console)
      throws IOException {
    ImageReference environmentReference = prepared.get(0).reference();
    List<IndexDestination> destinations = new ArrayList<>();
    List<List<ImageReference>> written = new ArrayList<>();
    for (DestinationSpec spec : specs) {
      List<ImageReference> own = spec.references(environmentReference, tags, null);
      destinations.add((IndexDestination) destination(spec, own, layerCompression, console));
      written.add(own);
    }
    List<Image> images = prepared.stream().map(PreparedImage::image).toList();
    List<WrittenIndex> results;
    try (ProgressMessages progress = new ProgressMessages(console, Spinner.stderrIsTerminal())) {
      results = Fanout.writeAllIndexes(images, destinations, progress);
    }
    for (int i = 0; i < destinations.size(); i++) {
      console.info(
          "⚡︎ '"
              + String.join("', '", written.get(i).stream().map(ImageReference::toString).toList())
              + "' ("
              + images.stream().map(image -> image.config().platform().toString()).collect(Collectors.joining(", "))
              + ") written to "
              + destinations.get(i).description());
    }
    if (iidFile != null) {
      writeReport(
          iidFile, results.get(0).index().digest().toString().getBytes(StandardCharsets.UTF_8), "--iidfile");
    }
    if (metadataFile != null) {
      writeReport(metadataFile, MetadataFile.indexJson(images, results), "--metadata-file");
    }
    return 0;
  }

  /** Where the layer-digest cache and blob sightings are: none with --no-cache. */
  private Path cacheDirectory() {
    return noCache ? null : substitution.cacheDirectory(invocation.environment(), invocation.workingDirectory());
  }

  private Destination destination(
      DestinationSpec spec, List<ImageReference> own, Compression layerCompression, Console console) {
    return switch (spec.transport()) {
      case OCI -> new OciLayoutDestination(resolve(Path.of(spec.location())), own, localDefault(layerCompression));
      case OCI_ARCHIVE -> new OciArchiveDestination(resolve(Path.of(spec.location())), own, localDefault(layerCompression));
      case DOCKER_ARCHIVE ->
          new DockerArchiveDestination(
              spec.isStdout() ? stdout() : new FileSink(resolve(Path.of(spec.location()))), own);
      case DOCKER_DAEMON, PODMAN -> {
        Runtime chosen = spec.transport() == DestinationSpec.Transport.PODMAN ? Runtime.PODMAN : Runtime.DOCKER;
        String executable = findOnPath(chosen.command())
            .orElseThrow(() -> new FloxjException(
                "'" + chosen.command() + "' was not found on PATH; install it or drop --to "
                    + spec.transport().prefix + "."));
        yield new DockerArchiveDestination(
            new RuntimeSink(chosen, executable, console.stream(), invocation.environment()), own);
      }
      case REGISTRY -> registryDestination(spec, own, layerCompression);
    };
  }

  /**
   * The seam for {@code docker://}: the registry destination plugs in here, given the pushed
   * references (the first names the registry and repository) and the layer compression asked for
   * (null: the registry's own default).
   */
  private Destination registryDestination(
      DestinationSpec spec, List<ImageReference> references, Compression layerCompression) {
    return RegistryTarget.create(
        references,
        tlsVerify,
        layerCompression,
        invocation.environment(),
        cacheDirectory());
  }


  /**
   * Local layouts and archives store layers uncompressed unless told otherwise: measured, gzip
   * made a local write 15-50 times slower (docs/destinations.md).
   */
  private static Compression localDefault(Compression asked) {
    return asked != null ? asked : Compression.NONE;
  }

  /** Refuses a destination path that cannot be written, before anything is built. */
  private void checkLocation(DestinationSpec spec) {
    switch (spec.transport()) {
      case OCI -> OciLayoutDestination.check(resolve(Path.of(spec.location())));
      case OCI_ARCHIVE -> OciArchiveDestination.check(resolve(Path.of(spec.location())));
      case DOCKER_ARCHIVE -> {
        if (!spec.isStdout()) {
          FileSink.check(resolve(Path.of(spec.location())));
        }
      }
      case REGISTRY -> checkRegistry(spec);
      default -> {}
    }
  }

  /**
   * The early check for {@code docker://}: the reference must name a registry repository a push
   * can go to (a digest cannot be pushed to), before anything is built. Whether the registry
   * answers is asked when the push starts.
   */
  private void checkRegistry(DestinationSpec spec) {
    RegistryTarget.check(spec.reference());
  }

  /** -t: a tag as Docker allows it, checked while parsing (exit 2). */
  static final class TagConverter implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return ImageReference.checkTag(value);
      } catch (FloxjException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** --compression none|gzip|zstd, in lower case (exit 2 otherwise). */
  static final class CompressionConverter implements ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
      return Compression.fromKeyword(value)
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not one of none, gzip, zstd"));
    }
  }

  /** --iidfile and --metadata-file, each written atomically. */
  private void writeReport(String name, byte[] content, String option) throws IOException {
    FileSink sink = new FileSink(resolve(Path.of(name)));
    try (OutputStream out = sink.open()) {
      out.write(content);
      sink.commit();
    } catch (IOException e) {
      sink.abort();
      throw new FloxjException(
          "Cannot write " + option + " " + name + " (" + e.getMessage() + "); choose a file you can"
              + " write to.", e);
    }
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
  /** Locks when needed, and returns the lock. */
  private Lockfile lockIfNeeded(ContainerizeRequest request, Console console) {
    EnvironmentLocker.Settings settings =
        new EnvironmentLocker.Settings(
            EnvironmentLocker.catalog(catalog, invocation.environment()),
            request.system(),
            request.storeRoot(),
            invocation.environment());
    EnvironmentDirectory environment = EnvironmentDirectory.open(request.environmentDirectory());
    return Spinner.during(
        console,
        Spinner.stderrIsTerminal(),
        "Locking environment '" + environment.name() + "'...",
        () -> new EnvironmentLocker(settings, console::detail).lockIfNeeded(environment, console::info));
  }

  private Path resolve(Path path) {
    return invocation.workingDirectory().resolve(path).normalize();
  }

  /** -f or --runtime, as flox reads them: -f wins. */
  private ImageSink chooseSink(String runtimeExecutable, Console console) {
    if ("-".equals(file)) {
      return stdout();
    }
    if (file != null) {
      return new FileSink(resolve(Path.of(file)));
    }
    return new RuntimeSink(runtime, runtimeExecutable, console.stream(), invocation.environment());
  }

  /** Without any destination: flox's rules, but never onto a terminal. */
  private ImageSink defaultSink(ImageReference reference, Console console) {
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
