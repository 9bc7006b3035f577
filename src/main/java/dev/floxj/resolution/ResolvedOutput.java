package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.Objects;

/**
 * One output of a package that goes into the environment, e.g. {@code bin} at its store path,
 * with its priority in the join as flox's buildenv computes it from the package's {@code priority}
 * p: {@code 1000·p} for the outputs installed by default, {@code 1000·p + k} for the others (see
 * {@link LockResolver}); lower wins a file.
 */
public record ResolvedOutput(String name, StorePath path, long joinPriority) {
  public ResolvedOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
  }
}
