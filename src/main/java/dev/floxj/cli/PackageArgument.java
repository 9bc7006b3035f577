package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.FlakeDescriptor;
import dev.floxj.manifest.OutputSelection;
import dev.floxj.manifest.StorePathDescriptor;
import dev.floxj.store.StorePath;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package as {@code floxj install} takes it, like {@code flox install}: {@code hello}, {@code
 * python3Packages.requests@^2.31} (a catalog pkg-path and version), a flake installable ({@code
 * github:owner/repo#attr}, {@code path:/dir#attr}), or a store path ({@code /nix/store/...}).
 *
 * @param installId the id it gets in [install]: the last part of the attribute path, or the store
 *     path's name without its version
 */
record PackageArgument(String installId, Descriptor descriptor) {
  private static final Pattern FLAKE = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:.*|.*#.*");
  private static final Pattern NAME_AND_VERSION = Pattern.compile("(.+?)-[0-9].*");

  /**
   * @param id the install id to use instead of the derived one; null for the derived one
   */
  static PackageArgument parse(String argument, String id) {
    if (argument.isBlank()) {
      throw new FloxjException("An empty package name cannot be installed; name a package.");
    }
    if (argument.startsWith("/")) {
      StorePath path = new StorePath(argument);
      Matcher matcher = NAME_AND_VERSION.matcher(path.name());
      String derived = matcher.matches() ? matcher.group(1) : path.name();
      return new PackageArgument(orDerived(id, derived), new StorePathDescriptor(path, null, null));
    }
    if (FLAKE.matcher(argument).matches()) {
      int hash = argument.indexOf('#');
      String attribute = hash < 0 ? "" : argument.substring(hash + 1);
      String reference = hash < 0 ? argument : argument.substring(0, hash);
      String derived =
          attribute.isEmpty()
              ? reference.replaceAll("\\?.*$", "").replaceAll("/+$", "").replaceAll(".*[:/]", "")
              : lastPart(attribute);
      return new PackageArgument(
          orDerived(id, derived.isEmpty() ? "default" : derived),
          new FlakeDescriptor(argument, null, null, OutputSelection.UNSPECIFIED));
    }
    int at = argument.indexOf('@');
    String pkgPath = at < 0 ? argument : argument.substring(0, at);
    String version = at < 0 ? null : argument.substring(at + 1);
    if (pkgPath.isEmpty() || (version != null && version.isBlank())) {
      throw new FloxjException(
          "'"
              + argument
              + "' is not a package: write it as PKG-PATH or PKG-PATH@VERSION, e.g."
              + " hello@^2.12.");
    }
    return new PackageArgument(
        orDerived(id, lastPart(pkgPath)),
        new CatalogDescriptor(pkgPath, version, null, null, null, OutputSelection.UNSPECIFIED));
  }

  /** How messages name it: the argument's package. */
  String shown() {
    if (descriptor instanceof CatalogDescriptor catalog) {
      return catalog.pkgPath();
    }
    return descriptor instanceof FlakeDescriptor flake
        ? flake.flake()
        : ((StorePathDescriptor) descriptor).storePath().path();
  }

  private static String lastPart(String attributePath) {
    return attributePath.substring(attributePath.lastIndexOf('.') + 1);
  }

  private static String orDerived(String id, String derived) {
    return id != null ? id : derived;
  }
}
