package dev.floxj.locking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.manifest.OutputSelection;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The package entries of manifest.lock in flox's three shapes, with flox's keys in flox's order, so
 * that flox reads a lock floxj wrote: catalog (snake_case), flake (kebab-case), store path.
 */
final class LockEntries {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String DEFAULT_GROUP = "toplevel";

  private LockEntries() {}

  /**
   * A catalog entry (flox's {@code LockedPackageCatalog}): every required field, the optional ones
   * when known. The revision fields describe the catalog flake as {@code nix flake metadata} pinned
   * it; its time stands in for the scrape time, so that locking twice gives the same bytes.
   */
  static ObjectNode catalog(
      String installId,
      String pkgPath,
      EvaluatedPackage pkg,
      LockedFlake catalog,
      String system,
      String group,
      int priority) {
    String time = DateTimeFormatter.ISO_INSTANT.format(catalog.lastModified());
    ObjectNode entry = NODES.objectNode();
    entry.put("attr_path", pkgPath);
    entry.put("broken", pkg.broken());
    entry.put("derivation", pkg.drvPath());
    if (pkg.description() != null) {
      entry.put("description", pkg.description());
    }
    entry.put("install_id", installId);
    if (!pkg.licenses().isEmpty()) {
      entry.put("license", pkg.licenses().get(0));
    }
    entry.put("locked_url", catalog.url());
    entry.put("name", pkg.name());
    entry.put("pname", pkg.pname());
    entry.put("rev", catalog.rev());
    entry.put("rev_count", catalog.revCount());
    entry.put("rev_date", time);
    entry.put("scrape_date", time);
    entry.put("unfree", pkg.unfree());
    entry.put("version", pkg.version());
    strings(entry.putArray("outputs_to_install"), pkg.outputsToInstall());
    ObjectNode outputs = entry.putObject("outputs");
    pkg.outputs().forEach(outputs::put);
    entry.put("system", system);
    entry.put("group", group == null ? DEFAULT_GROUP : group);
    entry.put("priority", priority);
    return entry;
  }

  /** A flake entry (flox's {@code LockedPackageFlake}). */
  static ObjectNode flake(
      String installId,
      EvaluatedPackage pkg,
      LockedFlake flake,
      OutputSelection requested,
      String system,
      int priority) {
    ObjectNode entry = NODES.objectNode();
    entry.put("install_id", installId);
    entry.put("locked-url", flake.url());
    if (flake.description() != null) {
      entry.put("flake-description", flake.description());
    }
    entry.put("locked-flake-attr-path", String.join(".", pkg.attrPath()));
    entry.put("derivation", pkg.drvPath());
    ObjectNode outputs = entry.putObject("outputs");
    pkg.outputs().forEach(outputs::put);
    strings(entry.putArray("output-names"), List.copyOf(pkg.outputs().keySet()));
    strings(entry.putArray("outputs-to-install"), pkg.outputsToInstall());
    strings(entry.putArray("requested-outputs-to-install"), requested.names());
    entry.put("package-system", system);
    entry.put("system", system);
    entry.put("name", pkg.name());
    entry.put("pname", pkg.pname());
    entry.put("version", pkg.version());
    if (pkg.description() != null) {
      entry.put("description", pkg.description());
    }
    if (!pkg.licenses().isEmpty()) {
      strings(entry.putArray("licenses"), pkg.licenses());
    }
    entry.put("broken", pkg.broken());
    entry.put("unfree", pkg.unfree());
    entry.put("priority", priority);
    return entry;
  }

  /** A store-path entry (flox's {@code LockedPackageStorePath}). */
  static ObjectNode storePath(String installId, String storePath, String system, int priority) {
    ObjectNode entry = NODES.objectNode();
    entry.put("install_id", installId);
    entry.put("store_path", storePath);
    entry.put("system", system);
    entry.put("priority", priority);
    return entry;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }
}
