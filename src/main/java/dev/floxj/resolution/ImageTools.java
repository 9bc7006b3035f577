package dev.floxj.resolution;

import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every flox image carries besides the environment: bash and coreutils, joined into the
 * image's root at a low priority (not into {@code $FLOX_ENV}), so that {@code /bin/sh}, {@code ls}
 * and {@code cat} always exist; a CA bundle (nixpkgs' {@code cacert}) and UTF-8 locales (nixpkgs'
 * {@code glibcLocalesUtf8}) for the activation's {@code SSL_CERT_FILE}, {@code NIX_SSL_CERT_FILE}
 * and {@code LOCALE_ARCHIVE} defaults. Each may be absent when the chosen source has none.
 *
 * @param source where they came from, for messages: "the lock", "the catalog 'nixpkgs'", …
 */
public record ImageTools(
    Optional<ResolvedPackage> bash,
    Optional<ResolvedPackage> coreutils,
    Optional<StorePath> cacert,
    Optional<StorePath> locales,
    String source) {

  /** Their priority in the image root's join: nixpkgs' {@code lowPrio}, below the environment. */
  public static final int ROOT_PRIORITY = 10;

  /** The environment's priority in the image root's join: nixpkgs' default. */
  public static final int ENVIRONMENT_ROOT_PRIORITY = 5;

  public static final ImageTools NONE =
      new ImageTools(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "none");

  public ImageTools {
    Objects.requireNonNull(bash, "bash");
    Objects.requireNonNull(coreutils, "coreutils");
    Objects.requireNonNull(cacert, "cacert");
    Objects.requireNonNull(locales, "locales");
    Objects.requireNonNull(source, "source");
  }

  /** bash, then coreutils: the packages joined into the image root. */
  public List<ResolvedPackage> rootPackages() {
    List<ResolvedPackage> packages = new ArrayList<>();
    bash.ifPresent(packages::add);
    coreutils.ifPresent(packages::add);
    return packages;
  }

  /** Every store path the image needs for them (their closures follow). */
  public List<StorePath> storePaths() {
    List<StorePath> paths = new ArrayList<>();
    rootPackages().forEach(pkg -> paths.addAll(pkg.storePaths()));
    cacert.ifPresent(paths::add);
    locales.ifPresent(paths::add);
    return paths;
  }

  /** Whether all four are there. */
  public boolean complete() {
    return bash.isPresent() && coreutils.isPresent() && cacert.isPresent() && locales.isPresent();
  }

  /** Whether none is there. */
  public boolean empty() {
    return storePaths().isEmpty();
  }

  /** The same, each replaced by {@code other}'s where it has one. */
  public ImageTools overriddenBy(ImageTools other) {
    if (other.empty()) {
      return this;
    }
    return new ImageTools(
        other.bash.isPresent() ? other.bash : bash,
        other.coreutils.isPresent() ? other.coreutils : coreutils,
        other.cacert.isPresent() ? other.cacert : cacert,
        other.locales.isPresent() ? other.locales : locales,
        other.source + " and " + source);
  }

  /** A package of one output at {@code path}, as the image root joins it. */
  public static ResolvedPackage rootPackage(String name, StorePath path) {
    return new ResolvedPackage(
        name, ROOT_PRIORITY, List.of(new ResolvedOutput("out", path, ROOT_PRIORITY)));
  }
}
