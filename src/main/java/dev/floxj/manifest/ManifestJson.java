package dev.floxj.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The manifest as manifest.lock embeds it (its {@code "manifest"}): manifest.toml's own tree, or a
 * {@link Manifest} written out in manifest.toml's schema (for flox.nix). Either reads back through
 * {@link LockfileParser} to the same {@link Manifest}.
 */
public final class ManifestJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ManifestJson() {}

  /** Every table and key of manifest.toml, in written order (comments and layout are not kept). */
  public static ObjectNode ofToml(String toml, String fileLabel) {
    return withoutFloxjKeys((ObjectNode) json(TomlTreeReader.read(toml, fileLabel)));
  }

  /**
   * {@code manifest} without floxj's own keys under {@code containerize} (and without that table
   * when nothing else is in it): flox reads the lock's manifest with the same schema as
   * manifest.toml, and refuses unknown keys there.
   */
  static ObjectNode withoutFloxjKeys(ObjectNode manifest) {
    if (manifest.get("containerize") instanceof ObjectNode containerize) {
      FloxjSettings.CONTAINERIZE_KEYS.forEach(containerize::remove);
      if (containerize.isEmpty()) {
        manifest.remove("containerize");
      }
    }
    return manifest;
  }

  /** A manifest in manifest.toml's schema; keys that were not given are left out. */
  public static ObjectNode of(Manifest manifest) {
    ObjectNode json = NODES.objectNode();
    if (manifest.schema().isVersion1()) {
      json.put("version", 1);
    } else {
      json.put("schema-version", manifest.schema().schemaVersion());
    }
    ObjectNode install = json.putObject("install");
    manifest.install().forEach((id, descriptor) -> install.set(id, descriptor(descriptor)));
    if (!manifest.vars().isEmpty()) {
      ObjectNode vars = json.putObject("vars");
      manifest.vars().forEach(vars::put);
    }
    if (manifest.onActivate() != null) {
      json.putObject("hook").put("on-activate", manifest.onActivate());
    }
    ObjectNode profile = profile(manifest.profile());
    if (!profile.isEmpty()) {
      json.set("profile", profile);
    }
    ObjectNode options = options(manifest.options());
    if (!options.isEmpty()) {
      json.set("options", options);
    }
    ObjectNode containerize = containerize(manifest.containerize());
    if (!containerize.isEmpty()) {
      json.set("containerize", containerize);
    }
    return json;
  }

  private static ObjectNode descriptor(Descriptor descriptor) {
    ObjectNode json = NODES.objectNode();
    if (descriptor instanceof CatalogDescriptor catalog) {
      json.put("pkg-path", catalog.pkgPath());
      putIfGiven(json, "version", catalog.version());
      putIfGiven(json, "pkg-group", catalog.pkgGroup());
    } else if (descriptor instanceof FlakeDescriptor flake) {
      json.put("flake", flake.flake());
    } else {
      json.put("store-path", ((StorePathDescriptor) descriptor).storePath().path());
    }
    putIfGiven(json, "systems", descriptor.systems());
    if (descriptor.priority() != null) {
      json.put("priority", descriptor.priority());
    }
    switch (descriptor.outputs().kind()) {
      case ALL:
        json.put("outputs", "all");
        break;
      case NAMED:
        putIfGiven(json, "outputs", descriptor.outputs().names());
        break;
      default:
        break;
    }
    return json;
  }

  private static ObjectNode profile(Profile profile) {
    ObjectNode json = NODES.objectNode();
    putIfGiven(json, "common", profile.common());
    putIfGiven(json, "bash", profile.bash());
    putIfGiven(json, "zsh", profile.zsh());
    putIfGiven(json, "fish", profile.fish());
    putIfGiven(json, "tcsh", profile.tcsh());
    return json;
  }

  private static ObjectNode options(Options options) {
    ObjectNode json = NODES.objectNode();
    putIfGiven(json, "systems", options.systems());
    if (options.activateMode() != null) {
      json.putObject("activate").put("mode", options.activateMode().keyword());
    }
    ObjectNode allow = NODES.objectNode();
    putIfGiven(allow, "unfree", options.allowUnfree());
    putIfGiven(allow, "broken", options.allowBroken());
    putIfGiven(allow, "licenses", options.allowLicenses());
    if (!allow.isEmpty()) {
      json.set("allow", allow);
    }
    if (options.allowPreReleases() != null) {
      json.putObject("semver").put("allow-pre-releases", options.allowPreReleases());
    }
    putIfGiven(json, "cuda-detection", options.cudaDetection());
    return json;
  }

  private static ObjectNode containerize(ContainerizeSettings settings) {
    // name, tag, max-layers and created are floxj's own: flox would refuse them in the lock.
    ObjectNode json = NODES.objectNode();
    ContainerConfig config = settings.config();
    ObjectNode configJson = NODES.objectNode();
    putIfGiven(configJson, "user", config.user());
    putIfNotEmpty(configJson, "exposed-ports", config.exposedPorts());
    putIfNotEmpty(configJson, "cmd", config.cmd());
    putIfNotEmpty(configJson, "volumes", config.volumes());
    putIfGiven(configJson, "working-dir", config.workingDir());
    if (!config.labels().isEmpty()) {
      ObjectNode labels = configJson.putObject("labels");
      config.labels().forEach(labels::put);
    }
    putIfGiven(configJson, "stop-signal", config.stopSignal());
    if (!configJson.isEmpty()) {
      json.set("config", configJson);
    }
    return json;
  }

  private static void putIfGiven(ObjectNode json, String key, String value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static void putIfGiven(ObjectNode json, String key, Boolean value) {
    if (value != null) {
      json.put(key, value);
    }
  }

  private static void putIfGiven(ObjectNode json, String key, List<String> values) {
    if (values != null) {
      ArrayNode array = json.putArray(key);
      values.forEach(array::add);
    }
  }

  private static void putIfNotEmpty(ObjectNode json, String key, List<String> values) {
    if (!values.isEmpty()) {
      putIfGiven(json, key, values);
    }
  }

  /** The JSON form of a neutral tree (also what flox.nix reads to, for the tests' Nix oracle). */
  static JsonNode json(Node node) {
    if (node instanceof Node.Table table) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<String, Node> entry : table.entries().entrySet()) {
        object.set(entry.getKey(), json(entry.getValue()));
      }
      return object;
    }
    if (node instanceof Node.Array array) {
      ArrayNode list = NODES.arrayNode();
      array.items().forEach(item -> list.add(json(item)));
      return list;
    }
    Object value = ((Node.Scalar) node).value();
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof String string) {
      return NODES.textNode(string);
    } else if (value instanceof Long number) {
      return NODES.numberNode(number);
    } else if (value instanceof BigInteger number) {
      return NODES.numberNode(number);
    } else if (value instanceof Double number) {
      return NODES.numberNode(number);
    } else if (value instanceof Boolean bool) {
      return NODES.booleanNode(bool);
    }
    return NODES.textNode(value.toString()); // TOML dates and times, as TOML writes them
  }
}
