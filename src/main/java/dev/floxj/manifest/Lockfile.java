package dev.floxj.manifest;

import java.util.List;
import java.util.Objects;

/**
 * A manifest.lock ({@code "lockfile-version": 1}): the manifest it was made from and one package
 * entry per install id per system.
 *
 * @param composed whether the environment includes others; then {@code manifest} is the merged one
 */
public record Lockfile(Manifest manifest, List<LockedPackage> packages, boolean composed) {
  /** The only lockfile-version floxj reads (flox 1.x). */
  public static final int VERSION = 1;

  public Lockfile {
    Objects.requireNonNull(manifest, "manifest");
    packages = List.copyOf(packages);
  }
}
