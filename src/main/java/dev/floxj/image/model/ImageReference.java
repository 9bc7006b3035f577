package dev.floxj.image.model;

import dev.floxj.FloxjException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A name and tag an image is stored under, e.g. {@code hello:latest} or {@code
 * localhost:5000/team/hello:v1}, checked with Docker's reference grammar. The name may start with
 * a registry host (a first component with a dot or a port, or {@code localhost}), which only a
 * registry destination uses; the image itself carries no reference, each destination is given
 * the ones it writes.
 */
public record ImageReference(String name, String tag) {
  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern PATH = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final String DOMAIN_LABEL = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:" + DOMAIN_LABEL + "(?:\\." + DOMAIN_LABEL + ")*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  public static final String DEFAULT_TAG = "latest";

  public ImageReference {
    String registry = registryOf(name);
    String path = registry == null ? name : name.substring(registry.length() + 1);
    if (!PATH.matcher(path).matches() || name.length() > 255) {
      throw new FloxjException(
          "'"
              + name
              + "' cannot be an image name: use lower-case letters, digits and single '.', '_' or"
              + " '-' between them (set [containerize] name in manifest.toml, or rename the"
              + " environment).");
    }
    checkTag(tag);
  }

  /** Checks a tag given alone (-t TAG), as Docker does. */
  public static String checkTag(String tag) {
    if (tag == null || !TAG.matcher(tag).matches()) {
      throw new FloxjException(
          "'"
              + tag
              + "' cannot be an image tag: use up to 128 letters, digits, '_', '.' or '-', not"
              + " starting with '.' or '-'.");
    }
    return tag;
  }

  /** The image name flox derives from an environment name: lower-cased. */
  public static ImageReference forEnvironment(String environmentName, String tag) {
    return new ImageReference(environmentName.toLowerCase(Locale.ROOT), tag);
  }

  /**
   * Parses {@code [REGISTRY/]PATH[:TAG]}; without a tag, {@code defaultTag} (which may be null:
   * then the tag is {@link #DEFAULT_TAG}).
   */
  public static ImageReference parse(String text, String defaultTag) {
    int slash = text.lastIndexOf('/');
    int colon = text.lastIndexOf(':');
    if (colon > slash) {
      return new ImageReference(text.substring(0, colon), text.substring(colon + 1));
    }
    return new ImageReference(text, defaultTag != null ? defaultTag : DEFAULT_TAG);
  }

  /** The registry host (with port) the name starts with, or null for a bare repository. */
  public String registry() {
    return registryOf(name);
  }

  /** The name without its registry host: the repository path. */
  public String repository() {
    String registry = registry();
    return registry == null ? name : name.substring(registry.length() + 1);
  }

  /** The same name with another tag. */
  public ImageReference withTag(String newTag) {
    return new ImageReference(name, newTag);
  }

  private static String registryOf(String name) {
    int slash = name.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String first = name.substring(0, slash);
    boolean isHost =
        first.contains(".") || first.contains(":") || first.equals("localhost") || !first.equals(first.toLowerCase(Locale.ROOT));
    return isHost && DOMAIN.matcher(first).matches() ? first : null;
  }

  @Override
  public String toString() {
    return name + ":" + tag;
  }
}
