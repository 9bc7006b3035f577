package dev.floxj.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [containerize.config]}: the seven image-config settings flox supports. Strings are null
 * and lists and labels empty when not given.
 */
public record ContainerConfig(
    String user,
    List<String> exposedPorts,
    List<String> cmd,
    List<String> volumes,
    String workingDir,
    Map<String, String> labels,
    String stopSignal) {

  public static final ContainerConfig NONE =
      new ContainerConfig(null, List.of(), List.of(), List.of(), null, Map.of(), null);

  public ContainerConfig {
    exposedPorts = List.copyOf(exposedPorts);
    cmd = List.copyOf(cmd);
    volumes = List.copyOf(volumes);
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
  }
}
