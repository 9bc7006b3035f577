package dev.floxj.manifest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the neutral tree of a manifest (from TOML or from a lock's JSON) into a {@link Manifest},
 * rejecting unknown keys and wrong types at every level the schema defines.
 */
final class ManifestMapper {
  /**
   * Newer flox schema sections containerize does not use; accepted so such manifests still load.
   */
  private static final List<String> IGNORED_TABLES =
      List.of("services", "build", "include", "pkg-groups", "plugins");

  private static final List<String> IGNORED_STRINGS = List.of("minimum-cli-version", "description");

  private static final List<String> TOP_LEVEL_KEYS =
      List.of(
          "version",
          "schema-version",
          "install",
          "vars",
          "hook",
          "profile",
          "options",
          "services",
          "build",
          "include",
          "containerize",
          "minimum-cli-version",
          "description",
          "pkg-groups",
          "plugins");

  private static final List<String> CONFIG_KEYS =
      List.of("user", "exposed-ports", "cmd", "volumes", "working-dir", "labels", "stop-signal");

  /**
   * Docker's layer store refuses more than 125 layers; layering needs a store layer and the root.
   */
  private static final int MAX_LAYERS_LIMIT = 125;

  private static final int MIN_LAYERS = 2;

  private ManifestMapper() {}

  static Manifest map(TableFields top) {
    top.allowOnly(TOP_LEVEL_KEYS);
    ManifestSchema schema = schema(top);
    for (String key : IGNORED_TABLES) {
      top.optionalTable(key);
    }
    for (String key : IGNORED_STRINGS) {
      top.optionalString(key);
    }
    return new Manifest(
        schema,
        install(top.optionalTable("install"), schema),
        orEmpty(top.optionalStringTable("vars")),
        onActivate(top.optionalTable("hook")),
        profile(top.optionalTable("profile")),
        options(top.optionalTable("options")),
        containerize(top.optionalTable("containerize")));
  }

  private static ManifestSchema schema(TableFields top) {
    boolean hasVersion = top.has("version");
    boolean hasSchemaVersion = top.has("schema-version");
    if (hasVersion && hasSchemaVersion) {
      throw top.error("schema-version", "use either 'version' or 'schema-version', not both");
    }
    if (hasSchemaVersion) {
      String declared = top.requiredString("schema-version");
      return ManifestSchema.ofSchemaVersion(declared)
          .orElseThrow(
              () ->
                  top.error(
                      "schema-version",
                      "schema-version must look like \"1.N.0\" (for example \"1.10.0\"), not \""
                          + declared
                          + "\""));
    }
    if (hasVersion) {
      Node node = top.node("version");
      if (node instanceof Node.Scalar scalar && Long.valueOf(1).equals(scalar.value())) {
        return ManifestSchema.VERSION_1;
      }
      String shown =
          node instanceof Node.Scalar scalar && scalar.value() instanceof Long number
              ? number.toString()
              : node.kind();
      throw top.error("version", "version must be the integer 1, not " + shown);
    }
    throw top.error(
        "the schema version is missing; start the manifest with version = 1 or"
            + " schema-version = \"1.N.0\"");
  }

  private static Map<String, Descriptor> install(TableFields install, ManifestSchema schema) {
    Map<String, Descriptor> descriptors = new LinkedHashMap<>();
    if (install == null) {
      return descriptors;
    }
    for (String installId : install.table().entries().keySet()) {
      TableFields entry = install.optionalTable(installId);
      descriptors.put(installId, DescriptorMapper.map(entry, schema));
    }
    return descriptors;
  }

  private static String onActivate(TableFields hook) {
    if (hook == null) {
      return null;
    }
    hook.allowOnly(List.of("on-activate"));
    return hook.optionalString("on-activate");
  }

  private static Profile profile(TableFields profile) {
    if (profile == null) {
      return Profile.NONE;
    }
    // "deactivate" scripts (flox schema 1.13) matter only to interactive shells leaving the
    // environment, which never happens in a container.
    profile.allowOnly(List.of("common", "bash", "zsh", "fish", "tcsh", "deactivate"));
    profile.optionalTable("deactivate");
    return new Profile(
        profile.optionalString("common"),
        profile.optionalString("bash"),
        profile.optionalString("zsh"),
        profile.optionalString("fish"),
        profile.optionalString("tcsh"));
  }

  private static Options options(TableFields options) {
    if (options == null) {
      return Options.NONE;
    }
    // "stability" (flox schema 1.19) only steers catalog resolution, which the lock already did.
    options.allowOnly(
        List.of("systems", "activate", "allow", "semver", "cuda-detection", "stability"));
    options.optionalString("stability");
    ActivateMode mode = null;
    TableFields activate = options.optionalTable("activate");
    if (activate != null) {
      activate.allowOnly(List.of("mode"));
      String keyword = activate.optionalString("mode");
      if (keyword != null) {
        mode =
            ActivateMode.fromKeyword(keyword)
                .orElseThrow(
                    () ->
                        activate.error(
                            "mode",
                            activate.keyPath("mode")
                                + " must be \"dev\" or \"run\", not \""
                                + keyword
                                + "\""));
      }
    }
    TableFields allow = options.optionalTable("allow");
    if (allow != null) {
      allow.allowOnly(List.of("unfree", "broken", "licenses"));
    }
    TableFields semver = options.optionalTable("semver");
    if (semver != null) {
      semver.allowOnly(List.of("allow-pre-releases"));
    }
    return new Options(
        options.optionalStringList("systems"),
        mode,
        allow == null ? null : allow.optionalBoolean("unfree"),
        allow == null ? null : allow.optionalBoolean("broken"),
        allow == null ? null : allow.optionalStringList("licenses"),
        semver == null ? null : semver.optionalBoolean("allow-pre-releases"),
        options.optionalBoolean("cuda-detection"));
  }

  private static ContainerizeSettings containerize(TableFields containerize) {
    if (containerize == null) {
      return ContainerizeSettings.NONE;
    }
    containerize.allowOnly(List.of("config", "name", "tag", "max-layers", "created"));
    return new ContainerizeSettings(
        containerize.optionalString("name"),
        containerize.optionalString("tag"),
        maxLayers(containerize, "max-layers"),
        created(containerize, "created"),
        config(containerize.optionalTable("config")));
  }

  /** A layer limit an image can have; also flox.nix's {@code container.maxLayers}. */
  static Integer maxLayers(TableFields containerize, String key) {
    // Read as any integer, so that -1 or 10^12 get this range, not an int's.
    Long maxLayers = containerize.optionalLong(key);
    if (maxLayers != null && (maxLayers < MIN_LAYERS || maxLayers > MAX_LAYERS_LIMIT)) {
      throw containerize.error(
          key,
          containerize.keyPath(key)
              + " must be between "
              + MIN_LAYERS
              + " and "
              + MAX_LAYERS_LIMIT
              + ", not "
              + maxLayers);
    }
    return maxLayers == null ? null : maxLayers.intValue();
  }

  /** {@code now} or an ISO-8601 date-time with an offset; also flox.nix's {@code container.created}. */
  static String created(TableFields containerize, String key) {
    String created = containerize.optionalString(key);
    if (created == null || created.equals("now")) {
      return created;
    }
    try {
      OffsetDateTime.parse(created);
      return created;
    } catch (DateTimeParseException e) {
      throw containerize.error(
          key,
          containerize.keyPath(key)
              + " must be \"now\" or a time such as \"1970-01-01T00:00:02Z\", not \""
              + created
              + "\"");
    }
  }

  private static ContainerConfig config(TableFields config) {
    if (config == null) {
      return ContainerConfig.NONE;
    }
    config.allowOnly(CONFIG_KEYS);
    return new ContainerConfig(
        config.optionalString("user"),
        orEmpty(config.optionalStringList("exposed-ports")),
        orEmpty(config.optionalStringList("cmd")),
        orEmpty(config.optionalStringList("volumes")),
        config.optionalString("working-dir"),
        orEmpty(config.optionalStringTable("labels")),
        config.optionalString("stop-signal"));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }
}
