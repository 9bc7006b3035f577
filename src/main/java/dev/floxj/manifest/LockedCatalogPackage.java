package dev.floxj.manifest;

import dev.floxj.store.StorePath;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A catalog package as locked (snake_case keys).
 *
 * @param outputs output name to store path
 * @param outputsToInstall the package's default outputs, first-seen order without repeats; null
 *     when the lock does not say
 * @param name e.g. {@code hello-2.12.3}; name, pname, version, group are null when missing
 */
public record LockedCatalogPackage(
    String installId,
    String system,
    Map<String, StorePath> outputs,
    List<String> outputsToInstall,
    String group,
    int priority,
    String name,
    String pname,
    String version)
    implements LockedPackage {

  public LockedCatalogPackage {
    Objects.requireNonNull(installId, "installId");
    Objects.requireNonNull(system, "system");
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    // flox's catalog repeats names here (e.g. ["bin", "bin", "man", "man"]).
    outputsToInstall =
        outputsToInstall == null ? null : List.copyOf(new LinkedHashSet<>(outputsToInstall));
  }
}
