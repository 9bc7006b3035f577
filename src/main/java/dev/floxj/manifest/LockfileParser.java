package dev.floxj.manifest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a manifest.lock file into a {@link Lockfile}. */
public final class LockfileParser {
  private LockfileParser() {}

  /** Parses the file; errors name it (as given) with the line and column where known. */
  public static Lockfile parse(Path manifestLock) {
    return parse(SourceFile.read(manifestLock), manifestLock.toString());
  }

  /**
   * Parses JSON text.
   *
   * @param fileLabel how error messages name the source, e.g. a path
   */
  public static Lockfile parse(String json, String fileLabel) {
    TableFields top = new TableFields(JsonTreeReader.read(json, fileLabel), "");
    checkVersion(top);
    TableFields manifest = top.optionalTable("manifest");
    if (manifest == null) {
      throw top.error("'manifest' is missing; this is not a complete flox lock file");
    }
    if (top.node("packages") == null) {
      // flox always writes the list (empty when nothing is installed); without it every package
      // would later look "locked for other systems".
      throw top.error(
          "'packages' is missing or null; it must list the locked packages (lock the environment"
              + " again with `floxj lock` or flox)");
    }
    TableFields compose = top.has("compose") ? top.optionalTable("compose") : null;
    TableFields composer = compose == null ? null : compose.optionalTable("composer");
    return new Lockfile(
        ManifestMapper.map(manifest),
        packages(top, "packages"),
        compose != null,
        activationPackages(top),
        composer == null ? null : ManifestMapper.map(composer));
  }

  private static void checkVersion(TableFields top) {
    if (!top.has("lockfile-version")) {
      throw top.error(
          "'lockfile-version' is missing; this is not a flox lock file (floxj reads"
              + " lockfile-version 1, written by flox 1.x)");
    }
    Long version = top.optionalLong("lockfile-version");
    if (version != Lockfile.VERSION) {
      throw top.error(
          "lockfile-version",
          "lockfile-version "
              + version
              + " is not supported; floxj reads lockfile-version 1, written by flox 1.x, so"
              + " re-lock the environment with a current flox");
    }
  }

  private static List<LockedCatalogPackage> activationPackages(TableFields top) {
    List<LockedCatalogPackage> catalogEntries = new ArrayList<>();
    String key = Lockfile.ACTIVATION_PACKAGES_KEY;
    List<LockedPackage> entries = packages(top, key);
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.get(i) instanceof LockedCatalogPackage catalog)) {
        throw top.error(key, key + "[" + i + "] must be a catalog package entry (attr_path, ...)");
      }
      catalogEntries.add(catalog);
    }
    return catalogEntries;
  }

  private static List<LockedPackage> packages(TableFields top, String key) {
    List<LockedPackage> packages = new ArrayList<>();
    Node node = top.node(key);
    if (node == null) {
      return packages;
    }
    if (!(node instanceof Node.Array array)) {
      throw top.error(key, key + " must be a list, not " + node.kind());
    }
    for (int i = 0; i < array.items().size(); i++) {
      Node item = array.items().get(i);
      String name = key + "[" + i + "]";
      if (!(item instanceof Node.Table entry)) {
        throw TableFields.errorAt(item.position(), name + " must be a table, not " + item.kind());
      }
      packages.add(LockedPackageMapper.map(new TableFields(entry, name)));
    }
    return packages;
  }
}
