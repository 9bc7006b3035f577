package dev.floxj.resolution;

import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.FlakeDescriptor;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestSchema;
import dev.floxj.manifest.OutputSelection;
import dev.floxj.manifest.StorePathDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Tells whether a lock was made from the current manifest.toml by comparing what each install entry
 * means, not how it is written: defaults are filled in before comparing.
 */
public final class LockFreshness {
  private static final String NOT_GIVEN = "(not given)";

  private LockFreshness() {}

  /**
   * The first difference in meaning between the install entries of manifest.toml and of the
   * manifest embedded in manifest.lock, e.g. "install id 'curl' is in manifest.toml but not in
   * manifest.lock"; empty when the lock is up to date.
   */
  public static Optional<String> firstDifference(Manifest manifestToml, Manifest lockedManifest) {
    Map<String, Descriptor> current = manifestToml.install();
    Map<String, Descriptor> locked = lockedManifest.install();
    for (String installId : current.keySet()) {
      if (!locked.containsKey(installId)) {
        return Optional.of(
            "install id '" + installId + "' is in manifest.toml but not in manifest.lock");
      }
    }
    for (String installId : locked.keySet()) {
      if (!current.containsKey(installId)) {
        return Optional.of(
            "install id '" + installId + "' is in manifest.lock but no longer in manifest.toml");
      }
    }
    for (String installId : current.keySet()) {
      Optional<String> difference =
          difference(
              installId,
              meaning(current.get(installId), manifestToml.schema()),
              meaning(locked.get(installId), lockedManifest.schema()));
      if (difference.isPresent()) {
        return difference;
      }
    }
    return Optional.empty();
  }

  /**
   * Whether two install entries mean the same, compared as {@link #firstDifference} does: then what
   * was locked for one serves the other.
   */
  public static boolean sameMeaning(
      Descriptor descriptor, ManifestSchema schema, Descriptor other, ManifestSchema otherSchema) {
    return meaning(descriptor, schema).equals(meaning(other, otherSchema));
  }

  private static Optional<String> difference(
      String installId, Map<String, String> current, Map<String, String> locked) {
    String currentKind = current.get("kind");
    String lockedKind = locked.get("kind");
    if (!currentKind.equals(lockedKind)) {
      return Optional.of(
          "install id '"
              + installId
              + "' is "
              + currentKind
              + " in manifest.toml but "
              + lockedKind
              + " in manifest.lock");
    }
    for (String field : current.keySet()) {
      if (!Objects.equals(current.get(field), locked.get(field))) {
        return Optional.of(
            "install id '"
                + installId
                + "' has "
                + field
                + " "
                + current.get(field)
                + " in manifest.toml but "
                + locked.get(field)
                + " in manifest.lock");
      }
    }
    return Optional.empty();
  }

  /** A descriptor's fields with defaults applied, as comparable, printable values. */
  private static Map<String, String> meaning(Descriptor descriptor, ManifestSchema schema) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (descriptor instanceof CatalogDescriptor catalog) {
      fields.put("kind", "a catalog package");
      fields.put("pkg-path", quoted(catalog.pkgPath()));
      fields.put("version", quoted(catalog.version()));
      fields.put("pkg-group", quoted(catalog.pkgGroup()));
    } else if (descriptor instanceof FlakeDescriptor flake) {
      fields.put("kind", "a flake");
      fields.put("flake", quoted(flake.flake()));
    } else {
      fields.put("kind", "a store path");
      fields.put("store-path", quoted(((StorePathDescriptor) descriptor).storePath().path()));
    }
    // Order does not change which systems are meant.
    fields.put(
        "systems",
        descriptor.systems() == null ? NOT_GIVEN : new TreeSet<>(descriptor.systems()).toString());
    fields.put("priority", Integer.toString(descriptor.effectivePriority()));
    if (!(descriptor instanceof StorePathDescriptor)) {
      fields.put("outputs", outputsMeaning(descriptor.outputs(), schema));
    }
    return fields;
  }

  private static String outputsMeaning(OutputSelection outputs, ManifestSchema schema) {
    switch (outputs.kind()) {
      case ALL:
        return OutputSelection.ALL.toString();
      case NAMED:
        return OutputSelection.named(List.copyOf(new TreeSet<>(outputs.names()))).toString();
      default:
        // Before schema-version, every output was installed; since, the package's defaults are.
        return schema.isVersion1()
            ? OutputSelection.ALL.toString()
            : "(not given: the package's default outputs)";
    }
  }

  private static String quoted(String value) {
    return value == null ? NOT_GIVEN : "\"" + value + "\"";
  }
}
