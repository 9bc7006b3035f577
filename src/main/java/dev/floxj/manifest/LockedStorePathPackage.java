package dev.floxj.manifest;

import dev.floxj.store.StorePath;
import java.util.Objects;

/** A store path installed as is. */
public record LockedStorePathPackage(
    String installId, String system, StorePath storePath, int priority) implements LockedPackage {

  public LockedStorePathPackage {
    Objects.requireNonNull(installId, "installId");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(storePath, "storePath");
  }
}
