package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import dev.floxj.testing.CacheServer;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.TestCaches;
import dev.floxj.testing.TestPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real Ctrl-C: {@code bin/floxj containerize} as a process, its JVM sent SIGINT while it writes
 * the image to a file destination and downloads a NAR from a cache on loopback that sends it a
 * few bytes at a time. Whatever the destination, the run ends with a non-zero status and one line
 * saying so, leaves no partial output, staging directory or unfinished download behind, and an
 * output written before is left as it was.
 */
class InterruptIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  @TempDir static Path shared;
  @TempDir Path temp;

  private static TestPackages packages;
  private static TestCaches caches;
  private static Path cache;
  private static Path environment;
  private static StorePath slowPath;

  private CacheServer server;

  @BeforeAll
  static void cacheAndEnvironment() {
    packages = TestPackages.get();
    caches = TestCaches.create(packages, shared.resolve("caches"), "floxj-interrupt-1");
    List<StorePath> closure = new ArrayList<>(List.of(packages.hello(), packages.many()));
    for (String tool : List.of("image-bash", "image-coreutils", "cacert", "locales")) {
      closure.add(packages.path(tool));
    }
    cache = caches.cache("cache", "zstd", closure.toArray(StorePath[]::new));
    environment =
        FloxEnvFixture.named("interrupted")
            .catalog(CatalogPackage.of("hello", packages.hello()))
            .catalog(CatalogPackage.of("many", packages.many()))
            .writeTo(shared.resolve("env"));
    // Not a package of the environment: the image's root needs no file of it, so the image is
    // being written while its NAR still trickles in.
    slowPath = packages.dep(20);
  }

  @BeforeEach
  void serve() {
    server = CacheServer.serve(cache);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-f FILE", "oci:DIR", "oci-archive:FILE"})
  void sigint_whileWritingAndDownloading_leavesNothingHalfDone(String kind) throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Path downloads = temp.resolve("downloads");
    Path target = out.resolve(kind.equals("oci:DIR") ? "layout" : "image.tar");

    Interrupted run = interrupt(destination(kind, target), out, downloads);

    assertInterrupted(run);
    assertThat(listing(out)).as("nothing of the output is left").isEmpty();
    assertThat(listing(downloads.resolve("v1/tmp"))).as("no unfinished download is left").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"-f FILE", "oci:DIR", "oci-archive:FILE"})
  void sigint_leavesAnEarlierOutputAsItWas(String kind) throws Exception {
    Path out = Files.createDirectories(temp.resolve("out"));
    Path target = out.resolve(kind.equals("oci:DIR") ? "layout" : "image.tar");
    Process earlier = floxj(destination(kind, target), temp.resolve("earlier-downloads"), temp.resolve("earlier.log"))
        .start();
    assertThat(earlier.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(earlier.exitValue()).as(Files.readString(temp.resolve("earlier.log"))).isZero();
    Map<String, String> before = listing(out);

    // Another tag, so that a finished run would have changed the output.
    List<String> again = new ArrayList<>(destination(kind, target));
    again.addAll(List.of("--tag", "second"));
    Path downloads = temp.resolve("downloads");
    Interrupted run = interrupt(again, out, downloads);

    assertInterrupted(run);
    assertThat(listing(out)).as("the earlier output, unchanged and alone").isEqualTo(before);
    assertThat(listing(downloads.resolve("v1/tmp"))).as("no unfinished download is left").isEmpty();
  }

  private static List<String> destination(String kind, Path target) {
    return switch (kind) {
      case "-f FILE" -> List.of("-f", target.toString());
      case "oci:DIR" -> List.of("--to", "oci:" + target);
      case "oci-archive:FILE" -> List.of("--to", "oci-archive:" + target);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** What an interrupted run gave. */
  private record Interrupted(int exitCode, String stderr) {}

  /**
   * Starts floxj with the slow path dripping from the cache, waits until it downloads that path
   * and has begun to write into {@code out}, and sends its JVM SIGINT.
   */
  private Interrupted interrupt(List<String> destination, Path out, Path downloads) throws Exception {
    server.drip(path -> path.startsWith("/nar/") && isNarOf(path, slowPath), 64, Duration.ofMillis(500));
    Map<String, String> outBefore = listing(out);
    Path log = temp.resolve("interrupted.log");
    Process floxj = floxj(destination, downloads, log).start();
    try {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      while (!(Files.readString(log).contains("Downloading " + slowPath)
          && !listing(downloads.resolve("v1/tmp")).isEmpty()
          && !listing(out).equals(outBefore))) {
        assertThat(floxj.isAlive()).as("floxj still running: " + Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("floxj began to write and to download in time").isLessThan(deadline);
        Thread.sleep(20);
      }
      ProcessHandle jvm = jvmOf(floxj.toHandle());
      // bash's built-in kill: the launcher needs bash anyway, procps' kill may not be installed.
      Process kill = new ProcessBuilder("bash", "-c", "kill -INT " + jvm.pid()).inheritIO().start();
      assertThat(kill.waitFor()).isZero();
      assertThat(floxj.waitFor(30, TimeUnit.SECONDS)).as("floxj stops soon after SIGINT").isTrue();
      return new Interrupted(floxj.exitValue(), Files.readString(log));
    } finally {
      floxj.destroyForcibly();
    }
  }

  private static void assertInterrupted(Interrupted run) {
    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(130);
    List<String> lines = run.stderr().lines().toList();
    assertThat(lines).as(run.stderr()).last().isEqualTo("✘ ERROR: " + Interruption.message());
    assertThat(lines).as("one line says what happened, and no trace: " + run.stderr())
        .filteredOn(line -> line.contains("ERROR") || line.contains("\tat ") || line.contains("Exception"))
        .hasSize(1);
  }

  private static boolean isNarOf(String urlPath, StorePath path) {
    try {
      String narInfo = Files.readString(cache.resolve(path.hashPart() + ".narinfo"));
      return narInfo.contains("URL: " + urlPath.substring(1) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM the launcher runs: the process itself when it execs java, else its java child. */
  private static ProcessHandle jvmOf(ProcessHandle launcher) {
    return Stream.concat(Stream.of(launcher), launcher.descendants())
        .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no JVM under " + launcher.info()));
  }

  private ProcessBuilder floxj(List<String> destination, Path downloads, Path log) {
    String launcher = Path.of(System.getProperty("floxj.launcher", "bin/floxj")).toAbsolutePath().toString();
    List<String> command =
        new ArrayList<>(
            List.of(launcher, "containerize", "-d", environment.toString(),
                "--store", temp.resolve("no-store").toString(), "--cache-dir", downloads.toString(),
                "--substituter", server.url(), "--trusted-public-key", caches.publicKey()));
    command.addAll(destination);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(false)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(log.toFile());
    Map<String, String> env = builder.environment();
    env.put("FLOXJ_JAR", Path.of(System.getProperty("floxj.jar", "target/floxj.jar")).toAbsolutePath().toString());
    env.put("FLOXJ_IMAGE_TOOLS", packages.imageTools());
    env.put("NIX_CONF_DIR", temp.resolve("no-etc-nix").toString());
    env.put("XDG_CONFIG_HOME", temp.resolve("no-xdg-config").toString());
    env.put("XDG_CONFIG_DIRS", temp.resolve("no-xdg-dirs").toString());
    env.remove("NIX_USER_CONF_FILES");
    env.remove("NIX_CONFIG");
    return builder;
  }

  /** Every file and directory under {@code root} (relative name → SHA-256 or "dir"); empty if none. */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    if (!Files.isDirectory(root)) {
      return entries;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
        String name = root.relativize(path).toString();
        try {
          entries.put(name, Files.isDirectory(path) ? "dir" : digest(Files.readAllBytes(path)));
        } catch (java.nio.file.NoSuchFileException gone) {
          entries.put(name, "gone");
        }
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof java.nio.file.NoSuchFileException)) {
        throw e;
      }
      entries.put("(changing)", "");
    }
    return entries;
  }

  private static String digest(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
