package dev.floxj.containerize;

import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What to build: the command line's choices. {@code maxLayers}, {@code tag} and {@code created}
 * are null when not given, so that the manifest's {@code [containerize]} settings or the defaults
 * apply.
 */
public record ContainerizeRequest(
    Path environmentDirectory,
    TargetSystem system,
    Path storeRoot,
    Integer maxLayers,
    String tag,
    Instant created) {}
