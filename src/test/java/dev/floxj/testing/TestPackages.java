package dev.floxj.testing;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The package set of {@code src/test/nix/packages.nix}, built by real Nix into a chroot store
 * under {@link #cacheRoot()}{@code /floxj-test-store} once per JVM, so tests never touch {@code
 * /nix} and exercise {@code --store ROOT}. Nix caches the outputs, so later runs take a second.
 */
public final class TestPackages {
  /** Every attribute built, in the order nix-build prints their outputs. */
  public static final List<String> ATTRIBUTES = attributes();

  /**
   * {@code NIX_CONFIG} for every nix command: no sandbox, no binary cache (none is reachable),
   * several of the tiny builds at once.
   */
  public static final String NIX_CONFIG =
      """
      sandbox = false
      experimental-features = nix-command flakes
      substituters =
      max-jobs = 4
      """;

  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
  private static final Path BUSYBOX = Path.of("/bin/busybox");
  /** Debian's statically linked GNU bash: the package set's bash runs in images without a libc. */
  private static final Path BASH_STATIC = Path.of("/bin/bash-static");
  /** The en_US locale's source, from Debian's locales package, for localedef. */
  private static final Path EN_US_SOURCE = Path.of("/usr/share/i18n/locales/en_US");

  private static TestPackages built;
  private static AssertionError buildFailure;
  private static final Map<String, TestPackages> foreign = new java.util.HashMap<>();

  /**
   * What {@link #forSystem} builds for another system: the packages whose per-system paths
   * multi-platform tests look at, and the activation's stand-ins.
   */
  public static final List<String> FOREIGN_ATTRIBUTES =
      List.of("system-info", "hello", "bash", "coreutils", "cacert", "locales", "netclient");

  private final Path storeRoot;
  private final StorePath bootstrap;
  private final Map<String, StorePath> byAttribute;

  private TestPackages(Path storeRoot, StorePath bootstrap, Map<String, StorePath> byAttribute) {
    this.storeRoot = storeRoot;
    this.bootstrap = bootstrap;
    this.byAttribute = Collections.unmodifiableMap(byAttribute);
  }

  /**
   * The built package set; skips the test when Nix, busybox, GNU bash's static build or
   * localedef and its locale sources are missing (fails with {@code CI=true}); fails when the
   * build itself fails.
   */
  public static synchronized TestPackages get() {
    Prerequisites.requireOnPath("nix-build", "install Debian's nix-bin");
    Prerequisites.require(
        Files.isExecutable(BUSYBOX), BUSYBOX + " is missing (install Debian's busybox-static)");
    Prerequisites.require(
        Files.isExecutable(BASH_STATIC),
        BASH_STATIC + " is missing (install Debian's bash-static)");
    Prerequisites.requireOnPath("localedef", "install Debian's libc-bin");
    Prerequisites.require(
        Files.isRegularFile(EN_US_SOURCE),
        EN_US_SOURCE + " is missing (install Debian's locales)");
    if (built == null && buildFailure == null) {
      try {
        built = build();
      } catch (AssertionError e) {
        buildFailure = e;
      }
    }
    if (buildFailure != null) {
      throw new AssertionError(buildFailure.getMessage(), buildFailure);
    }
    return built;
  }

  /**
   * Where the test stores, the busybox they import and the test catalog are kept between runs:
   * {@code floxj.test.cache} (the build sets {@code target/test-cache}), else {@code
   * target/test-cache} of the working directory. Not {@code /tmp}: the suite leaves nothing
   * there, and {@code mvn clean} removes these with the rest of the build.
   */
  public static Path cacheRoot() {
    String configured = System.getProperty("floxj.test.cache");
    Path root =
        configured != null && !configured.isBlank()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.dir"), "target", "test-cache");
    try {
      return Files.createDirectories(root.toAbsolutePath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the test cache directory " + root, e);
    }
  }

  /**
   * The package set built for {@code system} (e.g. {@code aarch64-linux}) into a chroot store of
   * its own, {@link #cacheRoot()}{@code /floxj-test-store-<system>}: the same recipes with the
   * derivations' {@code system} set to it, so every path differs from the host's except the
   * bootstrap (a plain path both share). Nix builds them on this machine with {@code
   * extra-platforms}: the builder is the host's busybox, and what it writes only says which
   * system it is for, so nothing of the other architecture runs. Only {@link
   * #FOREIGN_ATTRIBUTES} are built.
   */
  public static synchronized TestPackages forSystem(String system) {
    get();
    TestPackages packages = foreign.get(system);
    if (packages == null) {
      packages = build(cacheRoot().resolve("floxj-test-store-" + system), system, FOREIGN_ATTRIBUTES);
      foreign.put(system, packages);
    }
    return packages;
  }

  /** {@code share/system-info/system} and {@code bin/system-info}: the system it was built for. */
  public StorePath systemInfo() {
    return path("system-info");
  }

  /** The chroot store's root: files under {@code nix/store}, database under {@code nix/var}. */
  public Path storeRoot() {
    return storeRoot;
  }

  /** The output of one attribute of packages.nix, e.g. {@code "greet-data"} or {@code "dep-07"}. */
  public StorePath path(String attribute) {
    StorePath path = byAttribute.get(attribute);
    if (path == null) {
      throw new IllegalArgumentException(
          "packages.nix has no attribute '" + attribute + "'; known: " + byAttribute.keySet());
    }
    return path;
  }

  /** Every attribute with its output path. */
  public Map<String, StorePath> all() {
    return byAttribute;
  }

  /** Where the files of {@code path} are in the chroot store. */
  public Path fileOf(StorePath path) {
    return storeRoot.resolve("nix/store").resolve(path.baseName());
  }

  /** The directory holding the static busybox that every package refers to. */
  public StorePath bootstrap() {
    return bootstrap;
  }

  /** {@code bin/hello}: prints {@code Hello, world!}; closure: itself and the bootstrap. */
  public StorePath hello() {
    return path("hello");
  }

  /** {@code bin/greet [NAME]}: greet → libgreet → greet-data, plus the bootstrap. */
  public StorePath greet() {
    return path("greet");
  }

  /** {@code bin/cowsay [MESSAGE]}: a toy cowsay reading its cow from cowsay-cows. */
  public StorePath cowsay() {
    return path("cowsay");
  }

  /** A tree of tar edge cases; {@code bin/edgecases-check} prints {@code edgecases-check: OK}. */
  public StorePath edgecases() {
    return path("edgecases");
  }

  /** A store path that is one regular file. */
  public StorePath singleFile() {
    return path("single-file");
  }

  /**
   * {@code share/odd-paths.txt} naming {@link #singleFile()} and {@link #symlinkPath()}: installs
   * them into an image's closure, since neither can be joined into an environment.
   */
  public StorePath oddPaths() {
    return path("odd-paths");
  }

  /** A store path that is itself a symlink, to {@code <hello>/bin/hello}. */
  public StorePath symlinkPath() {
    return path("symlink-path");
  }

  /** {@code bin/many}: refers to {@code dep-01} … {@code dep-20}, which refer to the bootstrap. */
  public StorePath many() {
    return path("many");
  }

  /** {@code dep-NN} for 1 ≤ n ≤ 20. */
  public StorePath dep(int n) {
    return path(String.format("dep-%02d", n));
  }

  /** {@code bin/bash}: a real GNU bash (Debian's bash-static), with no closure but itself. */
  public StorePath bash() {
    return path("bash");
  }

  /** {@code bin/id}, {@code bin/stat}, {@code bin/ls}, …: busybox applets, a stand-in for coreutils. */
  public StorePath coreutils() {
    return path("coreutils");
  }

  /** {@code bin/sh}: busybox's ash, and nothing else. */
  public StorePath posixSh() {
    return path("posix-sh");
  }

  /** {@code bin/tool} printing {@code tool-a}; tool-b provides the same file. */
  public StorePath toolA() {
    return path("tool-a");
  }

  /** {@code bin/tool} printing {@code tool-b}. */
  public StorePath toolB() {
    return path("tool-b");
  }

  /** {@code include/devlib.h} and {@code lib/pkgconfig/devlib.pc}. */
  public StorePath devlib() {
    return path("devlib");
  }

  /**
   * {@code bin/netclient}, whose closure holds a CA bundle ({@code etc/ssl/certs/ca-bundle.crt})
   * and a locale archive ({@code lib/locale/locale-archive}).
   */
  public StorePath netclient() {
    return path("netclient");
  }

  /**
   * {@code lib/locale/locale-archive}: a real glibc locale archive holding en_US.UTF-8 and
   * C.UTF-8, shaped like nixpkgs' glibcLocalesUtf8.
   */
  public StorePath locales() {
    return path("locales");
  }

  /**
   * {@code FLOXJ_IMAGE_TOOLS} naming this set's stand-ins for the image's bash (a real GNU bash,
   * with {@code bin/sh}), coreutils, CA bundle and locales (a real archive): what tests use
   * instead of nixpkgs' store paths.
   */
  public String imageTools() {
    return "bash=" + path("image-bash").path()
        + ",coreutils=" + path("image-coreutils").path()
        + ",cacert=" + path("cacert").path()
        + ",locales=" + path("locales").path();
  }

  /** Runs {@code nix-store --store ROOT ARGS...} against the test store (e.g. {@code -qR PATH}). */
  public Subprocess.Result nixStore(String... arguments) {
    List<String> command = new ArrayList<>(List.of("nix-store", "--store", storeRoot.toString()));
    command.addAll(List.of(arguments));
    return Subprocess.of(command).env("NIX_CONFIG", NIX_CONFIG).run();
  }

  private static TestPackages build() {
    return build(cacheRoot().resolve("floxj-test-store"), null, ATTRIBUTES);
  }

  /** Builds {@code attributes} for {@code system} (null: the host's) into {@code storeRoot}. */
  private static TestPackages build(Path storeRoot, String system, List<String> attributes) {
    Path bootDir = prepareBootDir(cacheRoot().resolve("floxj-test-boot"));
    Path gnuDir = gnuDirectory();
    Path packagesNix = packagesNix();

    List<String> command =
        new ArrayList<>(
            List.of(
                "nix-build",
                packagesNix.toString(),
                "--no-out-link",
                "--store",
                storeRoot.toString(),
                "--argstr",
                "bootDir",
                bootDir.toString(),
                "--argstr",
                "gnuDir",
                gnuDir.toString()));
    if (system != null) {
      command.addAll(List.of("--argstr", "system", system, "--option", "extra-platforms", system));
    }
    attributes.forEach(attribute -> command.addAll(List.of("-A", attribute)));
    Subprocess.Result result = nix(command);
    List<String> outputs = result.stdout().lines().filter(line -> !line.isBlank()).toList();
    if (outputs.size() != attributes.size()) {
      throw failed(
          "nix-build printed " + outputs.size() + " paths for " + attributes.size(), result);
    }
    Map<String, StorePath> byAttribute = new LinkedHashMap<>();
    for (int i = 0; i < outputs.size(); i++) {
      byAttribute.put(attributes.get(i), new StorePath(outputs.get(i)));
    }

    // The bootstrap is a plain path, not a derivation, so nix-build cannot print it; evaluate it.
    Subprocess.Result bootstrap =
        nix(
            List.of(
                "nix-instantiate",
                "--eval",
                "--store",
                storeRoot.toString(),
                "--argstr",
                "bootDir",
                bootDir.toString(),
                "--argstr",
                "gnuDir",
                gnuDir.toString(),
                packagesNix.toString(),
                "-A",
                "bootstrap"));
    String bootstrapPath = bootstrap.stdout().strip().replace("\"", "");
    return new TestPackages(storeRoot, new StorePath(bootstrapPath), byAttribute);
  }

  private static Subprocess.Result nix(List<String> command) {
    Subprocess.Result result =
        Subprocess.of(command).env("NIX_CONFIG", NIX_CONFIG).timeout(BUILD_TIMEOUT).run();
    if (!result.succeeded()) {
      throw failed("the test package set did not build", result);
    }
    return result;
  }

  private static AssertionError failed(String what, Subprocess.Result result) {
    // Nix's output is only worth reading when something went wrong.
    System.err.println(result.describe());
    return new AssertionError(what + ": " + result.describe());
  }

  /**
   * Copies busybox to {@code DIR/busybox}: busybox picks its applet from argv[0], so packages.nix
   * imports a directory with a file of that name. Copied atomically, since other JVMs (parallel
   * builds) may be importing it at the same moment.
   */
  private static Path prepareBootDir(Path bootDir) {
    try {
      Path target = bootDir.resolve("busybox");
      if (Files.isRegularFile(target) && Files.mismatch(target, BUSYBOX) == -1) {
        return bootDir;
      }
      Files.createDirectories(bootDir);
      // Not inside bootDir: Nix imports that whole directory.
      Path partial = Files.createTempFile(bootDir.getParent(), "floxj-busybox", ".partial");
      Files.copy(BUSYBOX, partial, StandardCopyOption.REPLACE_EXISTING);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return bootDir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + BUSYBOX + " into " + bootDir, e);
    }
  }

  /**
   * The directory packages.nix imports as {@code gnuDir}: {@code bash}, a copy of Debian's
   * bash-static, and {@code locale-archive}, en_US.UTF-8 and C.UTF-8 made by localedef (whose
   * output is the same bytes on every run, so the store paths stay put), in {@link #cacheRoot()}.
   * Made once per checkout and reused while its bash matches; each file is moved into place atomically, since other
   * JVMs may be reading the directory.
   */
  static synchronized Path gnuDirectory() {
    Path temp = cacheRoot();
    Path gnuDir = temp.resolve("floxj-test-gnu");
    Path bash = gnuDir.resolve("bash");
    Path archive = gnuDir.resolve("locale-archive");
    try {
      if (Files.isRegularFile(archive)
          && Files.isRegularFile(bash)
          && Files.mismatch(bash, BASH_STATIC) == -1) {
        return gnuDir;
      }
      Files.createDirectories(gnuDir);
      // Not inside gnuDir: Nix imports that whole directory.
      Path work = Files.createTempDirectory(temp, "floxj-test-gnu.partial");
      try {
        Path prefix = work.resolve("prefix");
        Files.createDirectories(prefix.resolve("usr/lib/locale"));
        for (String[] locale : new String[][] {{"en_US", "en_US.UTF-8"}, {"C", "C.UTF-8"}}) {
          Subprocess.Result made =
              Subprocess.of(
                      "localedef", "-i", locale[0], "-f", "UTF-8", "--prefix=" + prefix, locale[1])
                  .timeout(Duration.ofMinutes(2))
                  .run();
          if (!made.succeeded()) {
            throw new AssertionError(
                "localedef could not make " + locale[1] + ": " + made.describe());
          }
        }
        Path bashCopy = work.resolve("bash");
        Files.copy(BASH_STATIC, bashCopy);
        bashCopy.toFile().setExecutable(true, false);
        Files.move(
            prefix.resolve("usr/lib/locale/locale-archive"),
            archive,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            bashCopy, bash, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        try (var paths = Files.walk(work)) {
          for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
      return gnuDir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + gnuDir, e);
    }
  }

  /** src/test/nix/packages.nix of this checkout, found from the test classes' location. */
  private static Path packagesNix() {
    Path relative = Path.of("src", "test", "nix", "packages.nix");
    Path fromWorkingDirectory = Path.of(System.getProperty("user.dir")).resolve(relative);
    if (Files.isRegularFile(fromWorkingDirectory)) {
      return fromWorkingDirectory;
    }
    try {
      Path testClasses =
          Path.of(TestPackages.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testClasses.getParent().getParent().resolve(relative);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> attributes() {
    List<String> attributes =
        new ArrayList<>(
            List.of(
                "hello",
                "greet",
                "libgreet",
                "greet-data",
                "cowsay",
                "cowsay-cows",
                "single-file",
                "symlink-path",
                "many",
                "edgecases"));
    IntStream.rangeClosed(1, 20).forEach(n -> attributes.add(String.format("dep-%02d", n)));
    attributes.addAll(
        List.of(
            "bash",
            "coreutils",
            "posix-sh",
            "tool-a",
            "tool-b",
            "devlib",
            "cacert",
            "locales",
            "netclient",
            "system-info"));
    // Real nixpkgs shapes, for the join's rules.
    attributes.addAll(
        List.of(
            "odd-paths",
            "python3",
            "python-urllib3",
            "python-requests",
            "python-wrapper",
            "bintools",
            "gcc-wrapper",
            "cmake",
            "zlib-out",
            "zlib-dev",
            "openssl-bin",
            "openssl-out",
            "openssl-dev",
            "shared-mime-info",
            "perl-json",
            "perl-yaml",
            "user-env-dep",
            "user-env-app",
            "image-bash",
            "image-coreutils"));
    // Language tools and a package's own profile.d script, for the activation's variables.
    attributes.addAll(List.of("jdk", "jupyter", "profiled"));
    return List.copyOf(attributes);
  }
}
