package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DockerEngine and Skopeo do what integration tests rely on, against a real engine. */
class DockerEngineIT {
  private static final String SAVED = TestRun.unique("floxj-test/docker-engine-it") + ":saved";

  private static DockerEngine docker;
  private static Path archive;

  @BeforeAll
  static void saveAnImage(@TempDir Path dir) {
    docker = DockerEngine.get();
    docker.command("tag", docker.busyboxImage(), SAVED).run().assertSuccess();
    archive = dir.resolve("image.tar");
    docker.command("save", "-o", archive.toString(), SAVED).run().assertSuccess();
    docker.removeImage(SAVED);
  }

  @AfterAll
  static void removeImages() {
    if (docker != null) {
      docker.removeImage(SAVED);
    }
  }

  @Test
  void run_capturesStdoutStderrAndExitCode() {
    Subprocess.Result result =
        docker.run(docker.busyboxImage(), "sh", "-c", "echo out; echo err >&2; exit 3");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void run_hasNoNetworkButLoopback() {
    Subprocess.Result result = docker.run(docker.busyboxImage(), "busybox", "ls", "/sys/class/net");

    assertThat(result.assertSuccess().stdout().strip()).isEqualTo("lo");
  }

  @Test
  void load_fromFile_returnsTheTag() {
    assertThat(docker.load(archive)).isEqualTo(SAVED);
    assertThat(docker.run(SAVED, "busybox", "echo", "loaded").stdout()).isEqualTo("loaded\n");
  }

  @Test
  void load_fromStream_returnsTheTag() throws Exception {
    try (InputStream stream = Files.newInputStream(archive)) {
      assertThat(docker.load(stream)).isEqualTo(SAVED);
    }
  }

  @Test
  void runWithEntrypoint_replacesTheEntrypoint() {
    Subprocess.Result result =
        docker.runWithEntrypoint(docker.busyboxImage(), "/bin/busybox", "echo", "direct");

    assertThat(result.assertSuccess().stdout()).isEqualTo("direct\n");
  }

  @Test
  void inspect_returnsTheImageObject() {
    JsonNode image = docker.inspect(docker.busyboxImage());

    assertThat(image.get("RepoTags").get(0).asText()).isEqualTo(docker.busyboxImage());
    assertThat(image.get("Os").asText()).isEqualTo("linux");
  }

  @Test
  void skopeo_inspectsADockerArchive() {
    Skopeo skopeo = Skopeo.get();

    JsonNode inspect = skopeo.inspect(archive);
    JsonNode config = skopeo.inspectConfig(archive);

    assertThat(inspect.get("Layers")).hasSize(1);
    assertThat(inspect.get("Os").asText()).isEqualTo("linux");
    assertThat(config.get("rootfs").get("type").asText()).isEqualTo("layers");
  }
}
