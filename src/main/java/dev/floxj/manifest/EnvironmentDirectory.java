package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory holding a flox environment: {@code .flox/env.json} (its name), {@code
 * .flox/env/manifest.toml} and {@code .flox/env/manifest.lock}.
 */
public final class EnvironmentDirectory {
  private static final String WHAT_TO_DO = "run floxj in an environment's directory or pass -d DIR";

  private final Path directory;
  private final String name;

  private EnvironmentDirectory(Path directory, String name) {
    this.directory = directory;
    this.name = name;
  }

  /** Opens the environment in {@code directory}, checking that it has a manifest. */
  public static EnvironmentDirectory open(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new FloxjException(
          "The directory " + directory + " does not exist; " + WHAT_TO_DO + ".");
    }
    Path dotFlox = directory.resolve(".flox");
    if (!Files.isDirectory(dotFlox)) {
      throw new FloxjException(
          directory + " is not a flox environment: it has no .flox directory; " + WHAT_TO_DO + ".");
    }
    EnvironmentDirectory environment = new EnvironmentDirectory(directory, readName(directory));
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

  /** The directory as given. */
  public Path directory() {
    return directory;
  }

  /** The name from env.json, else the directory's own name. */
  public String name() {
    return name;
  }

  public Path manifestPath() {
    return directory.resolve(".flox").resolve("env").resolve("manifest.toml");
  }

  public Path lockfilePath() {
    return directory.resolve(".flox").resolve("env").resolve("manifest.lock");
  }

  public boolean hasLockfile() {
    return Files.isRegularFile(lockfilePath());
  }

  /** Parses manifest.toml (on every call: the file is small and may have changed). */
  public Manifest manifest() {
    return ManifestParser.parse(manifestPath());
  }

  /** Parses manifest.lock, which must exist. */
  public Lockfile lockfile() {
    if (!hasLockfile()) {
      throw new FloxjException(
          directory
              + " has no manifest.lock; lock the environment with flox (for example by running"
              + " `flox activate -d "
              + directory
              + " -- true`), as floxj cannot lock environments yet.");
    }
    return LockfileParser.parse(lockfilePath());
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
