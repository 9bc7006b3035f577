package dev.floxj.containerize;

import dev.floxj.manifest.ActivateMode;
import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * What to build: the command line's choices. {@code maxLayers}, {@code tag} and {@code created}
 * are null when not given, so that the manifest's {@code [containerize]} settings or the defaults
 * apply; so is {@code mode}, for {@code options.activate.mode}. {@code labels} are merged over the
 * manifest's.
 */
public record ContainerizeRequest(
    Path environmentDirectory,
    TargetSystem system,
    Path storeRoot,
    Integer maxLayers,
    String tag,
    Instant created,
    ActivateMode mode,
    Map<String, String> labels) {
  public ContainerizeRequest {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /** The same request for another system: one platform of a multi-platform build. */
  public ContainerizeRequest withSystem(TargetSystem other) {
    return new ContainerizeRequest(
        environmentDirectory, other, storeRoot, maxLayers, tag, created, mode, labels);
  }
}
