package dev.floxj.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A reachable Docker engine. What users type is driven through the {@code docker} CLI exactly as
 * they do ({@code docker load}, fed from a file or from floxj's stdout); images the tests loaded
 * are run through Testcontainers' docker-java client ({@link Containers}), except where the test
 * needs a terminal or the container's stdin, which stay {@code docker run -t} / {@code -i}.
 * Containers always run with {@code --rm --network none} and never pull: the test machines have
 * no bridge network and no registry. When the test JVM exits, whatever its tests did or how they
 * failed, it removes every container labelled with this run ({@link TestRun#label()}), every image
 * named for this run ({@link TestRun#unique}, also those a user's command loaded that no test
 * looked at) and every image the tests loaded, ran or inspected through it that no name holds any
 * more (one replaced by a reload): the suite leaves the engine as it found it, and never touches
 * another suite's images on the same engine.
 */
public final class DockerEngine {
  private static final String DEFAULT_HOST = "unix:///var/run/docker.sock";
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static DockerEngine found;
  private static final java.util.Set<String> SEEN_NAMES = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static final java.util.Set<String> CREATED_IDS = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private static String busyboxImage;

  private final Path docker;
  private final String host;

  private DockerEngine(Path docker, String host) {
    this.docker = docker;
    this.host = host;
  }

  /**
   * The engine at {@code DOCKER_HOST} (else {@value #DEFAULT_HOST}); skips the test when there is
   * none, fails with {@code CI=true}.
   */
  public static synchronized DockerEngine get() {
    if (found != null) {
      return found;
    }
    Path docker = Prerequisites.requireOnPath("docker", "install Debian's docker.io");
    String host = Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse(DEFAULT_HOST);
    DockerEngine engine = new DockerEngine(docker, host);
    Subprocess.Result version =
        engine.command("version", "--format", "{{.Server.Version}}").timeout(PROBE_TIMEOUT).run();
    Prerequisites.require(
        version.succeeded(),
        "No Docker engine answers at "
            + host
            + " (start one as in test-machine.md and set DOCKER_HOST): "
            + version.stderr().strip());
    Subprocess.Result id = engine.command("info", "--format", "{{.ID}}").timeout(PROBE_TIMEOUT).run();
    String containersId = Containers.engineId();
    Prerequisites.require(
        id.succeeded() && containersId.equals(id.stdout().strip()),
        "Testcontainers does not reach the engine the docker CLI uses at "
            + host
            + " (set DOCKER_HOST, TESTCONTAINERS_RYUK_DISABLED=true and"
            + " TESTCONTAINERS_HOST_OVERRIDE=localhost; delete a stale ~/.testcontainers.properties)");
    found = engine;
    Runtime.getRuntime().addShutdownHook(new Thread(engine::removeWhatThisRunMade, "floxj-test-docker-cleanup"));
    return engine;
  }

  /** The engine's address, e.g. {@code unix:///tmp/D/docker.sock}. */
  public String host() {
    return host;
  }

  /** {@code docker ARGS...} against this engine, ready to run (add stdin, timeout, ...). */
  public Subprocess command(String... arguments) {
    List<String> command = new ArrayList<>(List.of(docker.toString()));
    command.addAll(List.of(arguments));
    return Subprocess.of(command).env("DOCKER_HOST", host);
  }

  /** {@code docker load -i ARCHIVE}; returns the loaded image's reference. */
  public String load(Path archive) {
    return track(loadedImage(command("load", "-i", archive.toString()).timeout(LOAD_TIMEOUT).run()), true);
  }

  /**
   * Marks {@code image} (a name or ID) for removal when the tests end; done by every method here
   * that loads, runs or inspects an image, so images a user's command loaded (a pipe into {@code
   * docker load}) are caught when the test looks at them.
   */
  public String track(String image, boolean again) {
    if (again || SEEN_NAMES.add(image)) {
      Subprocess.Result id = command("image", "inspect", "--format", "{{.Id}}", image).timeout(PROBE_TIMEOUT).run();
      if (id.succeeded()) {
        CREATED_IDS.add(id.stdout().strip());
      }
    }
    return image;
  }

  /**
   * Removes this run's containers (by label), its images (by name: the run ID is in every name a
   * test gives), then the tracked images no name holds any more. Never by ID while a name holds
   * the image: the name may be another suite's.
   */
  private void removeWhatThisRunMade() {
    Duration timeout = Duration.ofMinutes(1);
    List<String> containers =
        command("ps", "-aq", "--filter", "label=" + TestRun.label()).timeout(timeout).run().stdout().lines().toList();
    if (!containers.isEmpty()) {
      List<String> rm = new ArrayList<>(List.of("rm", "--force"));
      rm.addAll(containers);
      command(rm.toArray(String[]::new)).timeout(timeout).run();
    }
    List<String> named =
        command("images", "--format", "{{.Repository}}:{{.Tag}}").timeout(timeout).run().stdout().lines()
            .filter(TestRun::isOurs)
            .toList();
    if (!named.isEmpty()) {
      List<String> rmi = new ArrayList<>(List.of("image", "rm", "--force"));
      rmi.addAll(named);
      command(rmi.toArray(String[]::new)).timeout(timeout).run();
    }
    List<String> untagged =
        CREATED_IDS.stream()
            .filter(
                id -> {
                  Subprocess.Result tags =
                      command("image", "inspect", "--format", "{{len .RepoTags}}", id).timeout(PROBE_TIMEOUT).run();
                  return tags.succeeded() && tags.stdout().strip().equals("0");
                })
            .toList();
    if (!untagged.isEmpty()) {
      List<String> rmi = new ArrayList<>(List.of("image", "rm"));
      rmi.addAll(untagged);
      command(rmi.toArray(String[]::new)).timeout(timeout).run();
    }
  }

  /**
   * {@code docker load} reading the archive from a stream, as {@code floxj ... | docker load}
   * does (e.g. pass a process's stdout); returns the loaded image's reference.
   */
  public String load(InputStream archive) {
    return track(loadedImage(command("load").stdin(archive).timeout(LOAD_TIMEOUT).run()), true);
  }

  /**
   * The reference from {@code docker load}'s output: {@code Loaded image: NAME:TAG}, or {@code
   * Loaded image ID: sha256:...} for an image without a tag.
   */
  private static String loadedImage(Subprocess.Result load) {
    load.assertSuccess();
    return load.stdout()
        .lines()
        .filter(line -> line.startsWith("Loaded image"))
        .map(line -> line.substring(line.indexOf(':') + 1).strip())
        .reduce((first, later) -> later)
        .orElseThrow(() -> new AssertionError("docker load named no image: " + load.describe()));
  }

  /**
   * Runs {@code IMAGE ARGS...} as {@code docker run --rm --network none} would (through {@link
   * Containers}); a non-zero exit is not a failure.
   */
  public Subprocess.Result run(String image, String... arguments) {
    return run(List.of(), image, arguments);
  }

  /**
   * Like {@link #run(String, String...)}, with {@code docker run} options before the image: {@code
   * -e}, {@code --user} and {@code --entrypoint} become the container's settings; any other
   * ({@code -t}) runs the {@code docker} CLI, a terminal being what Testcontainers does not give.
   */
  public Subprocess.Result run(List<String> options, String image, String... arguments) {
    track(image, false);
    List<String> command =
        new ArrayList<>(List.of("run", "--rm", "--label", TestRun.label(), "--network", "none", "--pull", "never"));
    command.addAll(options);
    command.add(image);
    command.addAll(List.of(arguments));
    Containers.Settings settings = Containers.Settings.parse(options);
    if (settings == null) {
      return command(command.toArray(String[]::new)).timeout(RUN_TIMEOUT).run();
    }
    List<String> described = new ArrayList<>(List.of(docker.toString()));
    described.addAll(command);
    return Containers.run(image, settings, List.of(arguments), RUN_TIMEOUT, described);
  }

  /**
   * {@code docker run -i ... IMAGE ARGS...} with {@code input} on the container's stdin, as a
   * here-doc gives it (no terminal). Stays on the CLI: the CLI closes the container's stdin at the
   * input's end exactly as a shell's here-doc does.
   */
  public Subprocess.Result runWithInput(
      String input, List<String> options, String image, String... arguments) {
    track(image, false);
    List<String> command =
        new ArrayList<>(
            List.of("run", "--rm", "-i", "--label", TestRun.label(), "--network", "none", "--pull", "never"));
    command.addAll(options);
    command.add(image);
    command.addAll(List.of(arguments));
    return command(command.toArray(String[]::new))
        .stdin(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)))
        .timeout(RUN_TIMEOUT)
        .run();
  }

  /**
   * {@code docker run --entrypoint ENTRYPOINT IMAGE ARGS...}: bypasses the image's entrypoint, as
   * CI systems do (flox issue #4127).
   */
  public Subprocess.Result runWithEntrypoint(String image, String entrypoint, String... arguments) {
    return run(List.of("--entrypoint", entrypoint), image, arguments);
  }

  /** {@code docker image inspect IMAGE}: the image's JSON object (Config, RootFS, ...). */
  public JsonNode inspect(String image) {
    track(image, false);
    Subprocess.Result inspect = command("image", "inspect", image).run().assertSuccess();
    try {
      return JSON.readTree(inspect.stdout()).get(0);
    } catch (JsonProcessingException e) {
      throw new AssertionError("docker image inspect printed no JSON: " + inspect.describe(), e);
    }
  }

  /**
   * Removes the image if present (for cleanup: never fails the test), so that a suite's images do
   * not pile up until the JVM ends.
   */
  public void removeImage(String image) {
    command("image", "rm", "--force", image).run();
  }

  /**
   * A tiny image holding only {@code /bin/busybox} and {@code /bin/sh}, imported once per JVM, for
   * tests that need some image to run (the machines cannot pull one).
   */
  public synchronized String busyboxImage() {
    if (busyboxImage == null) {
      String tag = TestRun.unique("floxj-test/busybox") + ":latest";
      Path rootfs = busyboxRootfs();
      try (InputStream in = Files.newInputStream(rootfs)) {
        command("import", "-", tag).stdin(in).timeout(LOAD_TIMEOUT).run().assertSuccess();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + rootfs, e);
      } finally {
        rootfs.toFile().delete();
      }
      busyboxImage = track(tag, true);
    }
    return busyboxImage;
  }

  /** A tar of the busybox root filesystem, in a temporary file the caller deletes. */
  private static Path busyboxRootfs() {
    Path busybox = Path.of("/bin/busybox");
    Prerequisites.require(Files.isExecutable(busybox), busybox + " is missing (busybox-static)");
    try {
      Path tar = Files.createTempFile("floxj-busybox-rootfs", ".tar");
      try (OutputStream out = Files.newOutputStream(tar);
          TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
        archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        TarArchiveEntry bin = new TarArchiveEntry("bin/");
        bin.setMode(0755);
        archive.putArchiveEntry(bin);
        archive.closeArchiveEntry();
        TarArchiveEntry file = new TarArchiveEntry("bin/busybox");
        file.setMode(0755);
        file.setSize(Files.size(busybox));
        archive.putArchiveEntry(file);
        Files.copy(busybox, archive);
        archive.closeArchiveEntry();
        TarArchiveEntry sh = new TarArchiveEntry("bin/sh", TarArchiveEntry.LF_SYMLINK);
        sh.setLinkName("busybox");
        archive.putArchiveEntry(sh);
        archive.closeArchiveEntry();
      }
      return tar;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a busybox root filesystem", e);
    }
  }
}
