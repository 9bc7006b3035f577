package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.FloxjRun.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An environment's image built by floxj into a docker-archive file and loaded into Docker: the
 * set-up most integration tests that run an image share, written once so that every one of them
 * builds its image the same way (from the test store, quietly, into a file the test owns) and
 * every loaded image is tracked by {@link DockerEngine} for removal.
 */
public final class ImageFixture {
  private ImageFixture() {}

  /**
   * {@code floxj containerize -q -d ENVIRONMENT --store STORE -f ARCHIVE OPTIONS...} run by {@code
   * floxj}, which must exit 0 (the failure shows its stderr).
   */
  public static Outcome containerize(
      FloxjRun floxj, Path environment, Path storeRoot, Path archive, String... options) {
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "containerize",
                "-q",
                "-d",
                environment.toString(),
                "--store",
                storeRoot.toString(),
                "-f",
                archive.toString()));
    arguments.addAll(List.of(options));
    Outcome outcome = floxj.run(arguments.toArray(String[]::new));
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    return outcome;
  }

  /**
   * {@link #containerize} into {@code archive}, then {@code docker load -i ARCHIVE}; returns the
   * loaded image's reference.
   */
  public static String containerizeAndLoad(
      DockerEngine docker, FloxjRun floxj, Path environment, Path storeRoot, Path archive, String... options) {
    containerize(floxj, environment, storeRoot, archive, options);
    return docker.load(archive);
  }
}
