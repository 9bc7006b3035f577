package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.List;
import java.util.Objects;

/**
 * One install id of the environment for the target system: its priority (lower wins file conflicts)
 * and the outputs that go into the environment, sorted by name.
 */
public record ResolvedPackage(String installId, int priority, List<ResolvedOutput> outputs) {
  public ResolvedPackage {
    Objects.requireNonNull(installId, "installId");
    outputs = List.copyOf(outputs);
  }

  /** The outputs' store paths, in output-name order. */
  public List<StorePath> storePaths() {
    return outputs.stream().map(ResolvedOutput::path).toList();
  }
}
