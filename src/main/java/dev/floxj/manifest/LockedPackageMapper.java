package dev.floxj.manifest;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a {@link LockedPackage} from one lock entry. Keys floxj does not use are ignored, since
 * flox adds descriptive fields over time.
 */
final class LockedPackageMapper {
  private LockedPackageMapper() {}

  static LockedPackage map(TableFields entry) {
    String installId = entry.requiredString("install_id");
    String system = entry.requiredString("system");
    int priority = priority(entry);
    if (entry.has("store_path")) {
      return new LockedStorePathPackage(
          installId,
          system,
          storePath(entry, "store_path", entry.requiredString("store_path")),
          priority);
    }
    if (entry.has("locked-url") || entry.has("outputs-to-install")) {
      return new LockedFlakePackage(
          installId,
          system,
          entry.optionalString("locked-url"),
          outputs(entry),
          entry.optionalStringList("outputs-to-install"),
          priority,
          entry.optionalString("name"),
          entry.optionalString("pname"),
          entry.optionalString("version"));
    }
    if (entry.has("attr_path") || entry.has("locked_url") || entry.has("outputs_to_install")) {
      return new LockedCatalogPackage(
          installId,
          system,
          outputs(entry),
          entry.optionalStringList("outputs_to_install"),
          entry.optionalString("group"),
          priority,
          entry.optionalString("name"),
          entry.optionalString("pname"),
          entry.optionalString("version"));
    }
    throw entry.error(
        entry.name()
            + " (install id '"
            + installId
            + "') is not a catalog, flake or store-path entry: it has none of attr_path,"
            + " locked-url or store_path");
  }

  private static int priority(TableFields entry) {
    Integer priority = entry.optionalNonNegativeInt("priority");
    return priority == null ? Descriptor.DEFAULT_PRIORITY : priority;
  }

  private static Map<String, StorePath> outputs(TableFields entry) {
    TableFields outputs = entry.optionalTable("outputs");
    if (outputs == null) {
      throw entry.error(
          "'" + entry.keyPath("outputs") + "' is missing; it must map output names to store paths");
    }
    if (outputs.table().entries().isEmpty()) {
      // Else the package would silently be left out of the image.
      throw entry.error(
          "outputs",
          "'" + entry.keyPath("outputs") + "' is empty; it must map at least one output name to its"
              + " store path (lock the environment again)");
    }
    Map<String, StorePath> paths = new LinkedHashMap<>();
    for (String name : outputs.table().entries().keySet()) {
      paths.put(name, storePath(outputs, name, outputs.requiredString(name)));
    }
    return paths;
  }

  private static StorePath storePath(TableFields table, String key, String value) {
    try {
      return new StorePath(value);
    } catch (FloxjException e) {
      String reason =
          e.getMessage().endsWith(".")
              ? e.getMessage().substring(0, e.getMessage().length() - 1)
              : e.getMessage();
      throw table.error(key, table.keyPath(key) + ": " + reason);
    }
  }
}
