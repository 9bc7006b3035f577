package dev.floxj.image.model;

import java.util.List;
import java.util.Map;

/**
 * The {@code config} object of an OCI/Docker image config: how a container of the image runs.
 * Absent (null or empty) fields are left out of the JSON.
 */
public record ContainerConfig(
    List<String> env,
    List<String> entrypoint,
    List<String> cmd,
    String workingDir,
    String user,
    List<String> exposedPorts,
    List<String> volumes,
    Map<String, String> labels,
    String stopSignal) {

  public static final ContainerConfig EMPTY =
      new ContainerConfig(null, null, null, null, null, null, null, null, null);
}
