package dev.floxj.manifest;

import java.nio.file.Path;

/** Reads a manifest.toml file into a {@link Manifest}. */
public final class ManifestParser {
  private ManifestParser() {}

  /** Parses the file; errors name it (as given) with the line and column where known. */
  public static Manifest parse(Path manifestToml) {
    return parse(SourceFile.read(manifestToml), manifestToml.toString());
  }

  /**
   * Parses TOML text.
   *
   * @param fileLabel how error messages name the source, e.g. a path
   */
  public static Manifest parse(String toml, String fileLabel) {
    return ManifestMapper.map(new TableFields(TomlTreeReader.read(toml, fileLabel), ""));
  }
}
