package dev.floxj.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * flox's manifest schema rules for unknown keys, written down from flox's source (the {@code
 * Manifest} structs of {@code flox-rust-sdk}'s {@code models/manifest/typed.rs}, each {@code
 * #[serde(deny_unknown_fields)]}; {@code schema-version} and {@code minimum-cli-version} from the
 * releases that added them): an independent oracle for "flox would load this manifest". It reads
 * TOML with tomlj directly, not through floxj's parser. Tables whose keys are the user's (install
 * ids, {@code [vars]}, services, builds) are checked one level down or not at all.
 */
public final class FloxManifestKeys {
  private static final Set<String> TOP =
      Set.of("version", "schema-version", "minimum-cli-version", "install", "vars", "hook",
          "profile", "options", "services", "build", "containerize", "include");
  /** Catalog, flake and store-path descriptors together. */
  private static final Set<String> DESCRIPTOR =
      Set.of("pkg-path", "pkg-group", "priority", "version", "systems", "outputs", "flake",
          "store-path");
  private static final Map<String, Set<String>> TABLES =
      Map.of(
          "hook", Set.of("on-activate"),
          "profile", Set.of("common", "bash", "zsh", "fish", "tcsh"),
          "options", Set.of("systems", "allow", "semver", "cuda-detection", "activate"),
          "options.allow", Set.of("unfree", "broken", "licenses"),
          "options.semver", Set.of("allow-pre-releases"),
          "options.activate", Set.of("mode"),
          "containerize", Set.of("config"),
          "containerize.config",
              Set.of("user", "exposed-ports", "cmd", "volumes", "working-dir", "labels",
                  "stop-signal"),
          "include", Set.of("environments"));

  private FloxManifestKeys() {}

  /** The dotted keys of manifest.toml text that flox would refuse; empty when flox loads it. */
  public static List<String> unknownInToml(String toml) {
    TomlParseResult parsed = Toml.parse(toml);
    if (parsed.hasErrors()) {
      throw new AssertionError("not TOML: " + parsed.errors());
    }
    List<String> unknown = new ArrayList<>();
    for (String key : parsed.keySet()) {
      if (!TOP.contains(key)) {
        unknown.add(key);
      }
    }
    TomlTable install = parsed.getTable("install");
    if (install != null) {
      for (String id : install.keySet()) {
        if (install.get(id) instanceof TomlTable descriptor) {
          descriptor.keySet().stream().filter(k -> !DESCRIPTOR.contains(k))
              .forEach(k -> unknown.add("install." + id + "." + k));
        }
      }
    }
    TABLES.forEach(
        (path, allowed) -> {
          TomlTable table = parsed.getTable(List.of(path.split("\\.")));
          if (table != null) {
            table.keySet().stream().filter(k -> !allowed.contains(k))
                .forEach(k -> unknown.add(path + "." + k));
          }
        });
    return unknown;
  }

  /** The same for a lock's embedded manifest, as JSON. */
  public static List<String> unknownInJson(JsonNode manifest) {
    List<String> unknown = new ArrayList<>();
    manifest.fieldNames().forEachRemaining(key -> {
      if (!TOP.contains(key)) {
        unknown.add(key);
      }
    });
    JsonNode install = manifest.path("install");
    install.fields().forEachRemaining(entry -> entry.getValue().fieldNames().forEachRemaining(k -> {
      if (!DESCRIPTOR.contains(k)) {
        unknown.add("install." + entry.getKey() + "." + k);
      }
    }));
    TABLES.forEach(
        (path, allowed) -> {
          JsonNode table = manifest;
          for (String name : path.split("\\.")) {
            table = table.path(name);
          }
          for (Iterator<String> keys = table.fieldNames(); keys.hasNext(); ) {
            String k = keys.next();
            if (!allowed.contains(k)) {
              unknown.add(path + "." + k);
            }
          }
        });
    return unknown;
  }
}
