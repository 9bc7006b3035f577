package dev.floxj.manifest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the attribute set of a flox 0.x {@code flox.nix} onto the {@link Manifest} that
 * manifest.toml also gives: {@code packages.<channel>.<attr path>} become {@code [install]}
 * entries, {@code environmentVariables} become {@code [vars]}, {@code shell.hook} the {@code
 * on-activate} hook, {@code shell.aliases} bash and zsh profile lines, and {@code container.*} the
 * {@code [containerize]} settings.
 */
final class FloxNixMapper {
  /** The schema flox.nix environments get: packages install their default outputs, as in 0.x. */
  static final ManifestSchema SCHEMA = new ManifestSchema("1.10.0");

  /** flox 0.x's channels of nixpkgs, all served by floxj's one catalog. */
  private static final Set<String> CATALOG_CHANNELS =
      Set.of("nixpkgs-flox", "nixpkgs", "nixpkgs-stable", "nixpkgs-staging", "nixpkgs-unstable");

  private static final List<String> PACKAGE_KEYS = List.of("version", "stability", "meta");

  private static final List<String> CONFIG_KEYS =
      List.of("Cmd", "WorkingDir", "User", "ExposedPorts", "Volumes", "Labels", "StopSignal");

  private FloxNixMapper() {}

  static Manifest map(TableFields top) {
    top.allowOnly(List.of("packages", "environmentVariables", "shell", "container"));
    TableFields shell = top.optionalTable("shell");
    if (shell != null) {
      shell.allowOnly(List.of("hook", "aliases"));
    }
    return new Manifest(
        SCHEMA,
        install(top.optionalTable("packages")),
        variables(top.optionalTable("environmentVariables")),
        shell == null ? null : shell.optionalString("hook"),
        aliases(shell == null ? null : shell.optionalTable("aliases")),
        Options.NONE,
        container(top.optionalTable("container")));
  }

  private static Map<String, Descriptor> install(TableFields packages) {
    Map<String, Descriptor> install = new LinkedHashMap<>();
    Map<String, String> definedBy = new LinkedHashMap<>();
    if (packages == null) {
      return install;
    }
    for (String channel : packages.table().entries().keySet()) {
      TableFields channelTable = packages.optionalTable(channel);
      boolean isFlake = channel.contains(":");
      if (!isFlake && !CATALOG_CHANNELS.contains(channel)) {
        throw packages.error(
            channel,
            "the channel '"
                + channel
                + "' is unknown to floxj; use nixpkgs-flox (floxj's catalog) or a flake reference"
                + " such as \"github:owner/repo\"");
      }
      for (PackageEntry entry : packagesIn(channelTable, List.of())) {
        String installId = entry.attrPath().get(entry.attrPath().size() - 1);
        String pkgPath = String.join(".", entry.attrPath());
        String previous = definedBy.put(installId, channel + "." + pkgPath);
        if (previous != null) {
          throw entry
              .fields()
              .error(
                  "packages."
                      + channel
                      + "."
                      + pkgPath
                      + " and packages."
                      + previous
                      + " would both be installed as '"
                      + installId
                      + "'; keep only one");
        }
        install.put(installId, descriptor(channel, isFlake, pkgPath, entry.fields()));
      }
    }
    return install;
  }

  /**
   * The packages below a channel: a set whose keys are package settings, or empty, is a package.
   */
  private static List<PackageEntry> packagesIn(TableFields table, List<String> prefix) {
    List<PackageEntry> entries = new ArrayList<>();
    for (String key : table.table().entries().keySet()) {
      TableFields nested = table.optionalTable(key);
      List<String> path = new ArrayList<>(prefix);
      path.add(key);
      boolean isPackage =
          nested.table().entries().isEmpty()
              || nested.table().entries().keySet().stream().anyMatch(PACKAGE_KEYS::contains);
      if (isPackage) {
        entries.add(new PackageEntry(path, nested));
      } else {
        entries.addAll(packagesIn(nested, path));
      }
    }
    return entries;
  }

  private static Descriptor descriptor(
      String channel, boolean isFlake, String pkgPath, TableFields fields) {
    fields.allowOnly(PACKAGE_KEYS);
    fields.optionalString("stability"); // one catalog, one stability: checked, not used
    Integer priority = null;
    TableFields meta = fields.optionalTable("meta");
    if (meta != null) {
      meta.allowOnly(List.of("priority"));
      priority = meta.optionalNonNegativeInt("priority");
    }
    String version = fields.optionalString("version");
    if (isFlake) {
      if (version != null) {
        throw fields.error(
            "version",
            fields.keyPath("version") + " cannot be checked for a flake's package; remove it");
      }
      return new FlakeDescriptor(
          channel + "#" + pkgPath, null, priority, OutputSelection.UNSPECIFIED);
    }
    return new CatalogDescriptor(
        pkgPath, version, null, null, priority, OutputSelection.UNSPECIFIED);
  }

  /** Strings, or lists of strings joined with ':' as flox 0.x did (for PATH-like values). */
  private static Map<String, String> variables(TableFields variables) {
    Map<String, String> vars = new LinkedHashMap<>();
    if (variables == null) {
      return vars;
    }
    for (String name : variables.table().entries().keySet()) {
      if (variables.node(name) instanceof Node.Array) {
        vars.put(name, String.join(":", variables.optionalStringList(name)));
      } else {
        vars.put(name, variables.optionalString(name));
      }
    }
    return vars;
  }

  /** Aliases become {@code alias name='value'} lines of the bash and zsh profiles. */
  private static Profile aliases(TableFields aliases) {
    if (aliases == null || aliases.table().entries().isEmpty()) {
      return Profile.NONE;
    }
    StringBuilder script = new StringBuilder();
    stringsOf(aliases)
        .forEach(
            (name, value) ->
                script
                    .append("alias ")
                    .append(name)
                    .append('=')
                    .append(shellQuoted(value))
                    .append('\n'));
    return new Profile(null, script.toString(), script.toString(), null, null);
  }

  private static Map<String, String> stringsOf(TableFields table) {
    Map<String, String> strings = new LinkedHashMap<>();
    for (String key : table.table().entries().keySet()) {
      if (!key.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
        throw table.error(key, "'" + key + "' cannot be an alias name");
      }
      strings.put(key, table.optionalString(key));
    }
    return strings;
  }

  private static String shellQuoted(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }

  private static ContainerizeSettings container(TableFields container) {
    if (container == null) {
      return ContainerizeSettings.NONE;
    }
    if (container.has("extraCommands")) {
      throw container.error(
          "extraCommands",
          "container.extraCommands is not supported: floxj runs no commands while it builds an"
              + " image; remove it");
    }
    container.allowOnly(List.of("name", "tag", "config", "created", "maxLayers"));
    return new ContainerizeSettings(
        container.optionalString("name"),
        container.optionalString("tag"),
        ManifestMapper.maxLayers(container, "maxLayers"),
        ManifestMapper.created(container, "created"),
        config(container.optionalTable("config")));
  }

  /** Docker's config names, mapped onto the seven keys floxj's image config takes. */
  private static ContainerConfig config(TableFields config) {
    if (config == null) {
      return ContainerConfig.NONE;
    }
    if (config.has("Entrypoint")) {
      throw config.error(
          "Entrypoint",
          "container.config.Entrypoint is not supported: a floxj image's entrypoint activates the"
              + " environment; put the command in container.config.Cmd");
    }
    if (config.has("Env")) {
      throw config.error(
          "Env", "container.config.Env is not supported; set variables in environmentVariables");
    }
    config.allowOnly(CONFIG_KEYS);
    return new ContainerConfig(
        config.optionalString("User"),
        keysOrList(config, "ExposedPorts"),
        command(config),
        keysOrList(config, "Volumes"),
        config.optionalString("WorkingDir"),
        orEmpty(config.optionalStringTable("Labels")),
        config.optionalString("StopSignal"));
  }

  /** A string {@code Cmd} is one argument, as in flox 0.x; a list is the arguments. */
  private static List<String> command(TableFields config) {
    if (config.node("Cmd") instanceof Node.Scalar scalar && scalar.value() instanceof String one) {
      return List.of(one);
    }
    List<String> arguments = config.optionalStringList("Cmd");
    return arguments == null ? List.of() : arguments;
  }

  /**
   * Docker writes these sets as objects ({@code {"80/tcp": {}}}); a list of names is accepted too.
   */
  private static List<String> keysOrList(TableFields config, String key) {
    Node node = config.node(key);
    if (node == null) {
      return List.of();
    }
    if (node instanceof Node.Table table) {
      TableFields set = config.optionalTable(key);
      for (String name : table.entries().keySet()) {
        TableFields value = set.optionalTable(name);
        if (!value.table().entries().isEmpty()) {
          throw value.error("container.config." + key + "." + name + " must be {}");
        }
      }
      return List.copyOf(table.entries().keySet());
    }
    return config.optionalStringList(key);
  }

  private static Map<String, String> orEmpty(Map<String, String> map) {
    return map == null ? Map.of() : map;
  }

  /** One package below a channel: its attribute path and its settings. */
  private record PackageEntry(List<String> attrPath, TableFields fields) {}
}
