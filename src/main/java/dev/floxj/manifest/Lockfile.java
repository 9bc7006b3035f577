package dev.floxj.manifest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A manifest.lock ({@code "lockfile-version": 1}): the manifest it was made from and one package
 * entry per install id per system.
 *
 * @param composed whether the environment includes others ({@code [include]}); then {@code
 *     manifest} is the merged manifest flox wrote, which is what the environment is
 * @param composer for a composed environment, the including manifest as flox recorded it when
 *     locking ({@code compose.composer}), to tell whether manifest.toml changed since; else null
 * @param activationPackages bash and coreutils for the image's activation, one entry per system,
 *     when floxj locked against a catalog that has them (install ids {@value #BASH} and {@value
 *     #COREUTILS}); empty in locks flox wrote. floxj keeps them under its own top-level key, {@value
 *     #ACTIVATION_PACKAGES_KEY}, which flox ignores.
 */
public record Lockfile(
    Manifest manifest,
    List<LockedPackage> packages,
    boolean composed,
    List<LockedCatalogPackage> activationPackages,
    Manifest composer) {
  /** The only lockfile-version floxj reads (flox 1.x). */
  public static final int VERSION = 1;

  /** The top-level key of the activation packages. */
  public static final String ACTIVATION_PACKAGES_KEY = "floxj-activation-packages";

  /** The install id of the activation's bash (the catalog's {@code bashInteractive}). */
  public static final String BASH = "bash";

  /** The install id of the activation's coreutils. */
  public static final String COREUTILS = "coreutils";

  /** The install id of the image's CA bundle (the catalog's {@code cacert}). */
  public static final String CACERT = "cacert";

  /** The install id of the image's UTF-8 locales (the catalog's {@code glibcLocalesUtf8}). */
  public static final String LOCALES = "locales";

  /** Every install id of the activation packages, in the order floxj locks them. */
  public static final List<String> ACTIVATION_INSTALL_IDS = List.of(BASH, COREUTILS, CACERT, LOCALES);

  public Lockfile {
    Objects.requireNonNull(manifest, "manifest");
    packages = List.copyOf(packages);
    activationPackages = List.copyOf(activationPackages);
  }

  /** A lock without activation packages, as flox writes them. */
  public Lockfile(Manifest manifest, List<LockedPackage> packages, boolean composed) {
    this(manifest, packages, composed, List.of(), null);
  }

  /**
   * The manifest the image is made of: manifest.toml's, or for a composed environment the merged
   * manifest of the lock, as flox containerizes it.
   */
  public Manifest forImage(Manifest manifestToml) {
    return composed ? manifest : manifestToml;
  }

  /** The manifest this lock was made from, to compare manifest.toml with. */
  public Optional<Manifest> lockedFrom() {
    return composed ? Optional.ofNullable(composer) : Optional.of(manifest);
  }

  /**
   * The activation package {@code installId} ({@value #BASH} or {@value #COREUTILS}) locked for
   * {@code system}, if this lock provides it.
   */
  public Optional<LockedCatalogPackage> activationPackage(String installId, String system) {
    return activationPackages.stream()
        .filter(entry -> entry.installId().equals(installId) && entry.system().equals(system))
        .findFirst();
  }
}
