package dev.floxj.manifest;

import dev.floxj.store.StorePath;
import java.util.List;
import java.util.Objects;

/** A path already in a Nix store ({@code store-path = "/nix/store/..."}). */
public record StorePathDescriptor(StorePath storePath, List<String> systems, Integer priority)
    implements Descriptor {

  public StorePathDescriptor {
    Objects.requireNonNull(storePath, "storePath");
    systems = systems == null ? null : List.copyOf(systems);
  }

  /** A store path is a single output, so there is nothing to select. */
  @Override
  public OutputSelection outputs() {
    return OutputSelection.UNSPECIFIED;
  }
}
