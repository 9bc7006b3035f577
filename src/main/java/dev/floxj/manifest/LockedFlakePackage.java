package dev.floxj.manifest;

import dev.floxj.store.StorePath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A flake installable as locked (kebab-case keys).
 *
 * @param lockedUrl the pinned flake reference; null when missing
 * @param outputsToInstall first-seen order without repeats; null when the lock does not say
 */
public record LockedFlakePackage(
    String installId,
    String system,
    String lockedUrl,
    Map<String, StorePath> outputs,
    List<String> outputsToInstall,
    int priority,
    String name,
    String pname,
    String version)
    implements LockedPackage {

  public LockedFlakePackage {
    Objects.requireNonNull(installId, "installId");
    Objects.requireNonNull(system, "system");
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    outputsToInstall =
        outputsToInstall == null ? null : List.copyOf(new LinkedHashSet<>(outputsToInstall));
  }
}
