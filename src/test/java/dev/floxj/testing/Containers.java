package dev.floxj.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;

/**
 * Runs an image the tests loaded themselves as one short-lived container, through the docker-java
 * client that Testcontainers configures ({@link DockerClientFactory}), rather than through the
 * {@code docker} CLI: the test then states the container (command, entrypoint, user, environment)
 * as data instead of as a command line, and gets the exit code and each output stream from the
 * engine's API. What users type themselves ({@code floxj ... | docker load}) stays on the CLI
 * ({@link DockerEngine}). The container runs with network mode {@code none} (the test engines
 * have no bridge network), is created from a local image only (creating a container never pulls),
 * carries this run's label ({@link TestRun}) and is removed whatever happens.
 */
final class Containers {
  private Containers() {}

  /** What {@code docker run} options the tests use mean, as the container's settings. */
  record Settings(List<String> environment, String user, String entrypoint) {
    Settings {
      environment = List.copyOf(environment);
    }

    /**
     * Reads {@code -e NAME=VALUE}, {@code --user U} and {@code --entrypoint E}; {@code null} when
     * {@code options} holds anything else (a terminal, say), which then stays on the CLI.
     */
    static Settings parse(List<String> options) {
      List<String> environment = new ArrayList<>();
      String user = null;
      String entrypoint = null;
      for (int i = 0; i < options.size(); i++) {
        String option = options.get(i);
        boolean hasValue = i + 1 < options.size();
        if ((option.equals("-e") || option.equals("--env")) && hasValue) {
          environment.add(options.get(++i));
        } else if ((option.equals("-u") || option.equals("--user")) && hasValue) {
          user = options.get(++i);
        } else if (option.equals("--entrypoint") && hasValue) {
          entrypoint = options.get(++i);
        } else {
          return null;
        }
      }
      return new Settings(environment, user, entrypoint);
    }
  }

  /**
   * The ID of the engine Testcontainers finds (it reads {@code DOCKER_HOST}), or empty when it
   * finds none: compared with the CLI's, so that images the CLI loaded are the ones run here.
   */
  static String engineId() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return "";
    }
    return DockerClientFactory.instance().client().infoCmd().exec().getId();
  }

  /**
   * Creates, starts and waits for a container of {@code image}, then returns its exit code and
   * outputs, as {@code docker run --rm --network none} would; {@code described} is the equivalent
   * command line, for failure messages.
   */
  static Subprocess.Result run(
      String image, Settings settings, List<String> arguments, Duration timeout, List<String> described) {
    DockerClient client = DockerClientFactory.instance().client();
    CreateContainerCmd create =
        client
            .createContainerCmd(image)
            .withHostConfig(HostConfig.newHostConfig().withNetworkMode("none"))
            .withLabels(java.util.Map.of(TestRun.LABEL, TestRun.ID))
            .withEnv(settings.environment());
    if (settings.user() != null) {
      create.withUser(settings.user());
    }
    if (settings.entrypoint() != null) {
      create.withEntrypoint(settings.entrypoint());
    }
    if (!arguments.isEmpty()) {
      create.withCmd(arguments);
    }
    String id = create.exec().getId();
    try {
      client.startContainerCmd(id).exec();
      int exitCode =
          client
              .waitContainerCmd(id)
              .exec(new WaitContainerResultCallback())
              .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      try (ResultCallback.Adapter<Frame> logs =
          client
              .logContainerCmd(id)
              .withStdOut(true)
              .withStdErr(true)
              .exec(
                  new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Frame frame) {
                      switch (frame.getStreamType()) {
                        case STDOUT, RAW -> stdout.writeBytes(frame.getPayload());
                        case STDERR -> stderr.writeBytes(frame.getPayload());
                        default -> {}
                      }
                    }
                  })) {
        if (!logs.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new AssertionError("The engine sent no complete output of " + String.join(" ", described));
        }
      }
      return new Subprocess.Result(
          described,
          exitCode,
          stdout.toString(StandardCharsets.UTF_8),
          stderr.toString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted while running " + String.join(" ", described), e);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      try {
        client.removeContainerCmd(id).withForce(true).exec();
      } catch (NotFoundException gone) {
        // already removed
      }
    }
  }
}
