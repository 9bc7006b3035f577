package dev.floxj.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** skopeo, an image reader independent of floxj and Docker, to check the archives floxj writes. */
public final class Skopeo {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path skopeo;

  private Skopeo(Path skopeo) {
    this.skopeo = skopeo;
  }

  /** skopeo from PATH; skips the test when it is missing, fails with {@code CI=true}. */
  public static Skopeo get() {
    return new Skopeo(Prerequisites.requireOnPath("skopeo", "install Debian's skopeo"));
  }

  /** {@code skopeo inspect docker-archive:ARCHIVE}: digest, layers, architecture, labels, ... */
  public JsonNode inspect(Path dockerArchive) {
    return json("inspect", "docker-archive:" + dockerArchive);
  }

  /** {@code skopeo inspect --config docker-archive:ARCHIVE}: the image's raw config. */
  public JsonNode inspectConfig(Path dockerArchive) {
    return json("inspect", "--config", "docker-archive:" + dockerArchive);
  }

  /** {@code skopeo ARGS...}, e.g. {@code copy docker-archive:x.tar oci:dir:tag}; must succeed. */
  public Subprocess.Result run(String... arguments) {
    // Without a policy.json `copy` refuses to run; the files here are the test's own.
    List<String> command = new ArrayList<>(List.of(skopeo.toString(), "--insecure-policy"));
    command.addAll(List.of(arguments));
    return Subprocess.of(command).timeout(TIMEOUT).run().assertSuccess();
  }

  /** {@code skopeo ARGS...} whose stdout is JSON, e.g. {@code inspect oci:DIR:TAG}. */
  public JsonNode json(String... arguments) {
    Subprocess.Result result = run(arguments);
    try {
      return JSON.readTree(result.stdout());
    } catch (JsonProcessingException e) {
      throw new AssertionError("skopeo printed no JSON: " + result.describe(), e);
    }
  }
}
