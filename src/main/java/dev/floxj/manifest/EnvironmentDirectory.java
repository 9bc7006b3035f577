package dev.floxj.manifest;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A directory holding a flox environment: flox 1.x's {@code .flox/env.json} (its name), {@code
 * .flox/env/manifest.toml} and {@code .flox/env/manifest.lock}; or flox 0.x's {@code flox.nix},
 * whose lock floxj keeps beside it as {@code manifest.lock}.
 */
public final class EnvironmentDirectory {
  private static final String WHAT_TO_DO = "run floxj in an environment's directory or pass -d DIR";
  private static final String FLOX_NIX = "flox.nix";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** How the environment is written down. */
  public enum Format {
    /** {@code .flox/env/manifest.toml}, flox 1.x. */
    MANIFEST_TOML,
    /** {@code flox.nix}, flox 0.x. */
    FLOX_NIX
  }

  private final Path directory;
  private final String name;
  private final Format format;

  private EnvironmentDirectory(Path directory, String name, Format format) {
    this.directory = directory;
    this.name = name;
    this.format = format;
  }

  /**
   * Opens the environment in {@code directory}, checking that it has a manifest. A {@code .flox}
   * directory wins over a {@code flox.nix} beside it.
   */
  public static EnvironmentDirectory open(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new FloxjException(
          (Files.exists(directory)
                  ? directory + " is a file, not a directory"
                  : "The directory " + directory + " does not exist")
              + "; "
              + WHAT_TO_DO
              + ".");
    }
    Path dotFlox = directory.resolve(".flox");
    if (!Files.isDirectory(dotFlox)) {
      if (Files.isRegularFile(directory.resolve(FLOX_NIX))) {
        return new EnvironmentDirectory(directory, directoryName(directory), Format.FLOX_NIX);
      }
      throw new FloxjException(
          directory
              + " is not a flox environment: it has no .flox directory (nor a flox.nix); "
              + WHAT_TO_DO
              + ", or create one with `floxj init`.");
    }
    EnvironmentDirectory environment =
        new EnvironmentDirectory(directory, readName(directory), Format.MANIFEST_TOML);
    if (!Files.isRegularFile(environment.manifestPath())) {
      throw new FloxjException(
          directory
              + " is not a flox environment: "
              + environment.manifestPath()
              + " is missing; "
              + WHAT_TO_DO
              + ".");
    }
    return environment;
  }

  /**
   * Creates a new environment in {@code directory}: {@code .flox/env.json} and a commented {@code
   * manifest.toml} that installs nothing yet.
   *
   * @param name the environment's name; null for the directory's own name
   */
  public static EnvironmentDirectory create(Path directory, String name) {
    if (!Files.isDirectory(directory)) {
      throw new FloxjException(
          (Files.exists(directory)
                  ? directory + " is a file, not a directory"
                  : "The directory " + directory + " does not exist")
              + "; create it first, or pass -d DIR.");
    }
    if (Files.exists(directory.resolve(".flox"))) {
      throw new FloxjException(
          directory + " already holds an environment (.flox exists); use it, or pick another"
              + " directory with -d DIR.");
    }
    if (Files.exists(directory.resolve(FLOX_NIX))) {
      throw new FloxjException(
          directory + " already holds a flox.nix environment; floxj uses it as it is (floxj"
              + " install, floxj edit), or pick another directory with -d DIR.");
    }
    String envName = name != null ? name : directoryName(directory);
    if (!NAME.matcher(envName).matches()) {
      throw new FloxjException(
          "'"
              + envName
              + "' cannot be an environment name: use letters, digits, '.', '_' and '-', starting"
              + " with a letter or digit"
              + (name == null ? " (it is the directory's name; choose one with --name)" : "")
              + ".");
    }
    ObjectNode envJson = JsonNodeFactory.instance.objectNode().put("name", envName).put("version", 1);
    EnvironmentDirectory environment =
        new EnvironmentDirectory(directory, envName, Format.MANIFEST_TOML);
    try {
      Files.createDirectories(environment.manifestPath().getParent());
    } catch (IOException e) {
      throw new FloxjException(
          "Cannot create " + environment.manifestPath().getParent() + ": " + e.getMessage() + ".",
          e);
    }
    SourceFile.write(environment.manifestPath(), template());
    SourceFile.write(directory.resolve(".flox").resolve("env.json"), FloxJson.toText(envJson));
    return environment;
  }

  /** The directory as given. */
  public Path directory() {
    return directory;
  }

  /** The name from env.json, else the directory's own name. */
  public String name() {
    return name;
  }

  public Format format() {
    return format;
  }

  /** The file the user edits: manifest.toml, or flox.nix. */
  public Path manifestPath() {
    return format == Format.FLOX_NIX
        ? directory.resolve(FLOX_NIX)
        : directory.resolve(".flox").resolve("env").resolve("manifest.toml");
  }

  /** manifest.lock: beside manifest.toml, or beside flox.nix. */
  public Path lockfilePath() {
    return format == Format.FLOX_NIX
        ? directory.resolve("manifest.lock")
        : directory.resolve(".flox").resolve("env").resolve("manifest.lock");
  }

  /** floxj's own settings file, {@code .flox/floxj.toml} (see {@link FloxjSettings}). */
  public Path floxjSettingsPath() {
    return directory.resolve(".flox").resolve(FloxjSettings.FILE_NAME);
  }

  /**
   * The containerize settings: {@code .flox/floxj.toml} over the ones manifest.toml still has
   * under {@code [containerize]} (or flox.nix's {@code container}); the config is the manifest's.
   */
  public ContainerizeSettings containerizeSettings(Manifest manifest) {
    if (format == Format.FLOX_NIX) {
      return manifest.containerize();
    }
    return FloxjSettings.merge(FloxjSettings.read(floxjSettingsPath()), manifest.containerize());
  }

  /**
   * The warning for floxj's own keys left under manifest.toml's {@code [containerize]}, if any
   * (flox refuses such a manifest).
   */
  public java.util.Optional<String> floxjKeysWarning(Manifest manifest) {
    if (format == Format.FLOX_NIX) {
      return java.util.Optional.empty();
    }
    java.util.List<String> keys = FloxjSettings.keysIn(manifest.containerize());
    return keys.isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(FloxjSettings.moveWarning(manifestPath(), floxjSettingsPath(), keys));
  }

  public boolean hasLockfile() {
    return Files.isRegularFile(lockfilePath());
  }

  /** Parses the manifest (on every call: the file is small and may have changed). */
  public Manifest manifest() {
    return parseManifest(manifestText(), manifestPath().toString());
  }

  /** The manifest file's text, as the user wrote it. */
  public String manifestText() {
    return SourceFile.read(manifestPath());
  }

  /** Parses text in this environment's manifest format (to check an edit before saving it). */
  public Manifest parseManifest(String text, String fileLabel) {
    return format == Format.FLOX_NIX
        ? FloxNixParser.parse(text, fileLabel)
        : ManifestParser.parse(text, fileLabel);
  }

  /**
   * The manifest as a lock embeds it: manifest.toml's own tables, or the flox.nix manifest in
   * manifest.toml's schema.
   */
  public ObjectNode manifestJson(String text, String fileLabel) {
    return format == Format.FLOX_NIX
        ? ManifestJson.of(FloxNixParser.parse(text, fileLabel))
        : ManifestJson.ofToml(text, fileLabel);
  }

  /** Parses manifest.lock, which must exist. */
  public Lockfile lockfile() {
    if (!hasLockfile()) {
      throw new FloxjException(
          directory
              + " has no manifest.lock; lock the environment with `floxj lock -d "
              + directory
              + "` (or flox).");
    }
    return LockfileParser.parse(lockfilePath());
  }

  /** Replaces the manifest file, atomically. */
  public void writeManifest(String text) {
    SourceFile.write(manifestPath(), text);
  }

  /** Replaces manifest.lock, atomically. */
  public void writeLockfile(String text) {
    SourceFile.write(lockfilePath(), text);
  }

  private static String template() {
    try (InputStream in = EnvironmentDirectory.class.getResourceAsStream("manifest-template.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readName(Path directory) {
    Path envJson = directory.resolve(".flox").resolve("env.json");
    if (Files.isRegularFile(envJson)) {
      TableFields fields =
          new TableFields(JsonTreeReader.read(SourceFile.read(envJson), envJson.toString()), "");
      String name = fields.optionalString("name");
      if (name != null && !name.isBlank()) {
        return name;
      }
    }
    return directoryName(directory);
  }

  private static String directoryName(Path directory) {
    try {
      Path fileName = directory.toRealPath().getFileName();
      // Only the file-system root has no name.
      return fileName == null ? "flox-env" : fileName.toString();
    } catch (IOException e) {
      throw new FloxjException(
          "The directory " + directory + " cannot be read: " + e.getMessage() + ".", e);
    }
  }
}
