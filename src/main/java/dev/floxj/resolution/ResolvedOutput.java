package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.Objects;

/** One output of a package that goes into the environment, e.g. {@code bin} at its store path. */
public record ResolvedOutput(String name, StorePath path) {
  public ResolvedOutput {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
  }
}
