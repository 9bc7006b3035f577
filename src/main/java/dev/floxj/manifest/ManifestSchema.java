package dev.floxj.manifest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema a manifest declares: the original {@code version = 1}, or {@code schema-version =
 * "1.N.0"} (flox 1.10 and later).
 *
 * @param schemaVersion the {@code schema-version} string, or null for the {@code version = 1} form
 */
public record ManifestSchema(String schemaVersion) {
  /** The {@code version = 1} form. */
  public static final ManifestSchema VERSION_1 = new ManifestSchema(null);

  private static final Pattern SCHEMA_VERSION = Pattern.compile("1\\.(0|[1-9][0-9]{0,8})\\.0");
  private static final int FIRST_MINOR_WITH_OUTPUTS = 10;

  public ManifestSchema {
    if (schemaVersion != null && !SCHEMA_VERSION.matcher(schemaVersion).matches()) {
      throw new IllegalArgumentException("not a schema-version: " + schemaVersion);
    }
  }

  /** The schema for a {@code schema-version} string, if it has the form "1.N.0". */
  public static Optional<ManifestSchema> ofSchemaVersion(String schemaVersion) {
    return SCHEMA_VERSION.matcher(schemaVersion).matches()
        ? Optional.of(new ManifestSchema(schemaVersion))
        : Optional.empty();
  }

  /** Whether the manifest uses the original {@code version = 1} form. */
  public boolean isVersion1() {
    return schemaVersion == null;
  }

  /** Whether descriptors may say which {@code outputs} to install (schema-version 1.10.0 on). */
  public boolean allowsOutputs() {
    if (isVersion1()) {
      return false;
    }
    Matcher matcher = SCHEMA_VERSION.matcher(schemaVersion);
    matcher.matches();
    return Integer.parseInt(matcher.group(1)) >= FIRST_MINOR_WITH_OUTPUTS;
  }

  /** The declaration as written in manifest.toml. */
  @Override
  public String toString() {
    return isVersion1() ? "version = 1" : "schema-version = \"" + schemaVersion + "\"";
  }
}
