package dev.floxj.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A package from the flox catalog ({@code pkg-path}).
 *
 * @param version an exact version or semver range; null when not given
 * @param pkgGroup the resolution group; null when not given
 */
public record CatalogDescriptor(
    String pkgPath,
    String version,
    String pkgGroup,
    List<String> systems,
    Integer priority,
    OutputSelection outputs)
    implements Descriptor {

  public CatalogDescriptor {
    Objects.requireNonNull(pkgPath, "pkgPath");
    Objects.requireNonNull(outputs, "outputs");
    systems = systems == null ? null : List.copyOf(systems);
  }
}
