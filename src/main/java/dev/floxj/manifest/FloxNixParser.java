package dev.floxj.manifest;

import java.nio.file.Path;

/** Reads a flox 0.x {@code flox.nix} file into a {@link Manifest}, like {@link ManifestParser}. */
public final class FloxNixParser {
  private FloxNixParser() {}

  /** Parses the file; errors name it (as given) with the line and column. */
  public static Manifest parse(Path floxNix) {
    return parse(SourceFile.read(floxNix), floxNix.toString());
  }

  /**
   * Parses Nix text.
   *
   * @param fileLabel how error messages name the source, e.g. a path
   */
  public static Manifest parse(String nix, String fileLabel) {
    return FloxNixMapper.map(new TableFields(NixTreeReader.read(nix, fileLabel), ""));
  }
}
