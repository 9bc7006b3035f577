package dev.floxj.image;

import dev.floxj.FloxjException;
import java.util.Locale;
import java.util.regex.Pattern;

/** The name and tag an image is loaded under, e.g. {@code hello:latest}, checked as Docker does. */
public record ImageReference(String name, String tag) {
  // Docker's reference grammar: lower-case path components separated by '/'.
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  public static final String DEFAULT_TAG = "latest";

  public ImageReference {
    if (!NAME.matcher(name).matches() || name.length() > 255) {
      throw new FloxjException(
          "'"
              + name
              + "' cannot be an image name: use lower-case letters, digits and single '.', '_' or"
              + " '-' between them (set [containerize] name in manifest.toml, or rename the"
              + " environment).");
    }
    if (!TAG.matcher(tag).matches()) {
      throw new FloxjException(
          "'"
              + tag
              + "' cannot be an image tag: use up to 128 letters, digits, '_', '.' or '-', not"
              + " starting with '.' or '-'.");
    }
  }

  /** The image name flox derives from an environment name: lower-cased. */
  public static ImageReference forEnvironment(String environmentName, String tag) {
    return new ImageReference(environmentName.toLowerCase(Locale.ROOT), tag);
  }

  @Override
  public String toString() {
    return name + ":" + tag;
  }
}
