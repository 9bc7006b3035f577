package dev.floxj.resolution;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the image's bash, coreutils, CA bundle and locales ({@link ImageTools}) come from, as
 * {@code --image-tools} or {@code FLOXJ_IMAGE_TOOLS} says:
 *
 * <ul>
 *   <li>not given: the lock's (floxj locks bash and coreutils), else the catalog's through Nix
 *       when Nix is installed, else floxj's built-in store paths ({@link BuiltInImageTools});
 *   <li>{@code builtin}: the built-in store paths;
 *   <li>{@code none}: nothing (an image unlike flox's, for environments that bring their own);
 *   <li>{@code bash=PATH,coreutils=PATH,cacert=PATH,locales=PATH} (any of them): those store
 *       paths, and nothing for a name left out;
 *   <li>anything else: a flake reference whose {@code bash}, {@code coreutils}, {@code cacert} and
 *       {@code glibcLocalesUtf8} are evaluated and built through Nix.
 * </ul>
 */
public record ImageToolsSource(Kind kind, String flake, Map<String, StorePath> paths) {
  /** The environment variable read when the option is not given. */
  public static final String VARIABLE = "FLOXJ_IMAGE_TOOLS";

  /** The names of {@link Kind#PATHS}. */
  public static final List<String> NAMES = List.of("bash", "coreutils", "cacert", "locales");

  /** Which kind of source. */
  public enum Kind {
    DEFAULT,
    BUILT_IN,
    NONE,
    FLAKE,
    PATHS
  }

  public static final ImageToolsSource DEFAULT = new ImageToolsSource(Kind.DEFAULT, null, Map.of());

  public ImageToolsSource {
    Objects.requireNonNull(kind, "kind");
    paths = Map.copyOf(paths);
  }

  /** The option's value if given, else the environment variable's, else {@link #DEFAULT}. */
  public static ImageToolsSource choose(String option, Map<String, String> environment) {
    if (option != null && !option.isBlank()) {
      return parse(option.strip(), "--image-tools");
    }
    String variable = environment.get(VARIABLE);
    return variable == null || variable.isBlank()
        ? DEFAULT
        : parse(variable.strip(), VARIABLE);
  }

  static ImageToolsSource parse(String value, String where) {
    if (value.equals("builtin")) {
      return new ImageToolsSource(Kind.BUILT_IN, null, Map.of());
    }
    if (value.equals("none")) {
      return new ImageToolsSource(Kind.NONE, null, Map.of());
    }
    if (!value.contains("=")) {
      return new ImageToolsSource(Kind.FLAKE, value, Map.of());
    }
    Map<String, StorePath> paths = new LinkedHashMap<>();
    for (String item : value.split(",")) {
      int equals = item.indexOf('=');
      String name = equals < 0 ? item.strip() : item.substring(0, equals).strip();
      String path = equals < 0 ? "" : item.substring(equals + 1).strip();
      if (!NAMES.contains(name)) {
        throw new FloxjException(
            where
                + " names '"
                + name
                + "', which is not one of "
                + String.join(", ", NAMES)
                + "; write NAME=/nix/store/... pairs separated by commas, 'builtin', 'none', or a"
                + " flake reference.");
      }
      if (!path.startsWith(StorePath.STORE_DIR + "/")) {
        throw new FloxjException(
            where + " gives '" + name + "' the value '" + path
                + "', which is not a store path; write " + name + "=/nix/store/<hash>-<name>.");
      }
      paths.put(name, StorePath.of(path));
    }
    return new ImageToolsSource(Kind.PATHS, null, paths);
  }

  /** The tools of a {@link Kind#PATHS} source. */
  public ImageTools explicitTools(String where) {
    return new ImageTools(
        Optional.ofNullable(paths.get("bash")).map(p -> ImageTools.rootPackage("bash", p)),
        Optional.ofNullable(paths.get("coreutils")).map(p -> ImageTools.rootPackage("coreutils", p)),
        Optional.ofNullable(paths.get("cacert")),
        Optional.ofNullable(paths.get("locales")),
        where);
  }
}
