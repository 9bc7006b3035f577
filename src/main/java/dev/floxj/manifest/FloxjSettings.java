package dev.floxj.manifest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * floxj's own settings of an environment, in {@code .flox/floxj.toml}: a file flox never reads,
 * so manifest.toml holds only what flox's schema allows (flox refuses a manifest with unknown keys,
 * and allows only {@code config} under {@code [containerize]}).
 *
 * <pre>
 * [containerize]
 * name = "my-image"      # the image's name (default: the environment's)
 * tag = "v1"             # its tag (default: latest)
 * max-layers = 50        # 2..125 (default: 100)
 * created = "now"        # or an ISO-8601 time (default: 1970-01-01T00:00:01Z)
 * </pre>
 *
 * The same four keys under manifest.toml's {@code [containerize]} (where floxj read them before)
 * still work; the command line says how to move them.
 */
public final class FloxjSettings {
  /** The file's name inside {@code .flox}. */
  public static final String FILE_NAME = "floxj.toml";

  /** The keys floxj reads under {@code [containerize]}, which flox's manifest schema refuses. */
  public static final List<String> CONTAINERIZE_KEYS = List.of("name", "tag", "max-layers", "created");

  private FloxjSettings() {}

  /** The settings in {@code file}; none when it does not exist. */
  public static ContainerizeSettings read(Path file) {
    if (!Files.isRegularFile(file)) {
      return ContainerizeSettings.NONE;
    }
    return parse(SourceFile.read(file), file.toString());
  }

  /** Parses the text of a floxj.toml; errors name {@code fileLabel} with line and column. */
  public static ContainerizeSettings parse(String toml, String fileLabel) {
    TableFields top = new TableFields(TomlTreeReader.read(toml, fileLabel), "");
    top.allowOnly(List.of("containerize"));
    TableFields containerize = top.optionalTable("containerize");
    if (containerize == null) {
      return ContainerizeSettings.NONE;
    }
    containerize.allowOnly(CONTAINERIZE_KEYS);
    return new ContainerizeSettings(
        containerize.optionalString("name"),
        containerize.optionalString("tag"),
        ManifestMapper.maxLayers(containerize, "max-layers"),
        ManifestMapper.created(containerize, "created"),
        ContainerConfig.NONE);
  }

  /** Which of floxj's own keys {@code settings} (read from manifest.toml) has, in file order. */
  public static List<String> keysIn(ContainerizeSettings settings) {
    List<String> keys = new ArrayList<>();
    if (settings.name() != null) {
      keys.add("name");
    }
    if (settings.tag() != null) {
      keys.add("tag");
    }
    if (settings.maxLayers() != null) {
      keys.add("max-layers");
    }
    if (settings.created() != null) {
      keys.add("created");
    }
    return keys;
  }

  /**
   * {@code own} over {@code fromManifest}, key by key; the {@code config} table is always the
   * manifest's.
   */
  public static ContainerizeSettings merge(ContainerizeSettings own, ContainerizeSettings fromManifest) {
    return new ContainerizeSettings(
        own.name() != null ? own.name() : fromManifest.name(),
        own.tag() != null ? own.tag() : fromManifest.tag(),
        own.maxLayers() != null ? own.maxLayers() : fromManifest.maxLayers(),
        own.created() != null ? own.created() : fromManifest.created(),
        fromManifest.config());
  }

  /** The warning for a manifest.toml that still has floxj's keys under [containerize]. */
  public static String moveWarning(Path manifestToml, Path floxjToml, List<String> keys) {
    return manifestToml
        + " sets "
        + String.join(", ", keys.stream().map(key -> "[containerize] " + key).toList())
        + ", which flox refuses (it allows only [containerize.config]); floxj still reads "
        + (keys.size() == 1 ? "it" : "them")
        + ", but move "
        + (keys.size() == 1 ? "it" : "them")
        + " to "
        + floxjToml
        + " under [containerize] (same keys, same values) so that flox can load the environment.";
  }
}
