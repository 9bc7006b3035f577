package dev.floxj.manifest;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.List;

/** Builds one {@link Descriptor} from an {@code [install]} entry, checking its keys and types. */
final class DescriptorMapper {
  private static final String PKG_PATH = "pkg-path";
  private static final String FLAKE = "flake";
  private static final String STORE_PATH = "store-path";
  private static final List<String> KINDS = List.of(PKG_PATH, FLAKE, STORE_PATH);

  private static final List<String> CATALOG_KEYS =
      List.of(PKG_PATH, "version", "pkg-group", "systems", "priority", "outputs");
  private static final List<String> FLAKE_KEYS = List.of(FLAKE, "systems", "priority", "outputs");
  private static final List<String> STORE_PATH_KEYS = List.of(STORE_PATH, "systems", "priority");

  private DescriptorMapper() {}

  static Descriptor map(TableFields entry, ManifestSchema schema) {
    List<String> kinds = new ArrayList<>();
    for (String kind : KINDS) {
      if (entry.has(kind)) {
        kinds.add(kind);
      }
    }
    if (kinds.isEmpty()) {
      throw entry.error(
          entry.name() + " says nothing to install; give it one of pkg-path, flake or store-path");
    }
    if (kinds.size() > 1) {
      throw entry.error(
          kinds.get(1),
          entry.name() + " has both " + kinds.get(0) + " and " + kinds.get(1) + "; keep only one");
    }
    switch (kinds.get(0)) {
      case PKG_PATH:
        entry.allowOnly(CATALOG_KEYS);
        return new CatalogDescriptor(
            nonEmpty(entry, PKG_PATH),
            entry.optionalString("version"),
            entry.optionalString("pkg-group"),
            entry.optionalStringList("systems"),
            entry.optionalNonNegativeInt("priority"),
            outputs(entry, schema));
      case FLAKE:
        entry.allowOnly(FLAKE_KEYS);
        return new FlakeDescriptor(
            nonEmpty(entry, FLAKE),
            entry.optionalStringList("systems"),
            entry.optionalNonNegativeInt("priority"),
            outputs(entry, schema));
      default:
        entry.allowOnly(STORE_PATH_KEYS);
        return new StorePathDescriptor(
            storePath(entry),
            entry.optionalStringList("systems"),
            entry.optionalNonNegativeInt("priority"));
    }
  }

  private static String nonEmpty(TableFields entry, String key) {
    String value = entry.requiredString(key);
    if (value.isBlank()) {
      throw entry.error(key, entry.keyPath(key) + " must not be empty");
    }
    return value;
  }

  private static StorePath storePath(TableFields entry) {
    String value = entry.requiredString(STORE_PATH);
    try {
      return new StorePath(value);
    } catch (FloxjException e) {
      throw entry.error(
          STORE_PATH, entry.keyPath(STORE_PATH) + ": " + withoutFinalPeriod(e.getMessage()));
    }
  }

  private static OutputSelection outputs(TableFields entry, ManifestSchema schema) {
    Node node = entry.node("outputs");
    if (node == null) {
      return OutputSelection.UNSPECIFIED;
    }
    String key = entry.keyPath("outputs");
    if (!schema.allowsOutputs()) {
      throw entry.error(
          "outputs",
          key
              + " needs schema-version \"1.10.0\" or later, but this manifest declares "
              + schema
              + "; remove it or declare a newer schema-version");
    }
    if (node instanceof Node.Scalar scalar && "all".equals(scalar.value())) {
      return OutputSelection.ALL;
    }
    if (node instanceof Node.Array) {
      List<String> names = entry.optionalStringList("outputs");
      if (names.isEmpty()) {
        throw entry.error("outputs", key + " must name at least one output, or be \"all\"");
      }
      return OutputSelection.named(names);
    }
    String shown =
        node instanceof Node.Scalar scalar && scalar.value() instanceof String string
            ? "\"" + string + "\""
            : node.kind();
    throw entry.error("outputs", key + " must be \"all\" or a list of output names, not " + shown);
  }

  private static String withoutFinalPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }
}
