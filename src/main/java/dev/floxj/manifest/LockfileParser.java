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
    return new Lockfile(ManifestMapper.map(manifest), packages(top), top.has("compose"));
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

  private static List<LockedPackage> packages(TableFields top) {
    List<LockedPackage> packages = new ArrayList<>();
    Node node = top.node("packages");
    if (node == null) {
      return packages;
    }
    if (!(node instanceof Node.Array array)) {
      throw top.error("packages", "packages must be a list, not " + node.kind());
    }
    for (int i = 0; i < array.items().size(); i++) {
      Node item = array.items().get(i);
      String name = "packages[" + i + "]";
      if (!(item instanceof Node.Table entry)) {
        throw TableFields.errorAt(item.position(), name + " must be a table, not " + item.kind());
      }
      packages.add(LockedPackageMapper.map(new TableFields(entry, name)));
    }
    return packages;
  }
}
