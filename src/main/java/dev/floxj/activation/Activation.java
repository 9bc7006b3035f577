package dev.floxj.activation;

import dev.floxj.manifest.Profile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What activating an environment in its image does: the variables it sets, the hook it runs, the
 * profile scripts an interactive shell sources, and the shell doing it (absent when the
 * environment has none).
 *
 * @param environmentName {@code FLOX_ENV_DESCRIPTION}
 * @param pathDirectories the environment's directories put first on {@code PATH}, relative to
 *     its root (e.g. {@code bin})
 * @param fixedVariables variables floxj derives from the environment's contents (search paths,
 *     the CA bundle, ...), set before {@code [vars]}; they may refer to {@code ${FLOX_ENV}} only
 * @param vars the manifest's {@code [vars]}, in the order written
 * @param onActivate the {@code [hook] on-activate} script, or null
 */
public record Activation(
    String environmentName,
    List<String> pathDirectories,
    Map<String, VariableValue> fixedVariables,
    Map<String, VariableValue> vars,
    String onActivate,
    Profile profile,
    Optional<Shell> shell) {

  /** Where {@code $FLOX_ENV_CACHE} points: the container's own scratch space, as in flox. */
  public static final String CACHE_DIRECTORY = "/tmp";

  /** Docker's default PATH, kept after the environment's directories for tools mounted in. */
  public static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public Activation {
    Objects.requireNonNull(environmentName, "environmentName");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(shell, "shell");
    pathDirectories = List.copyOf(pathDirectories);
    fixedVariables = Collections.unmodifiableMap(new LinkedHashMap<>(fixedVariables));
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    onActivate = onActivate == null || onActivate.isBlank() ? null : onActivate;
  }

  /** The manifest's {@code [vars]} as written, each value parsed for references. */
  public static Map<String, VariableValue> parseVars(Map<String, String> vars) {
    Map<String, VariableValue> parsed = new LinkedHashMap<>();
    vars.forEach((name, value) -> parsed.put(name, VariableValue.parse(value)));
    return parsed;
  }

  /** The profile script an interactive shell of this environment sources, or null. */
  public String profileCommon() {
    return blankToNull(profile.common());
  }

  /** The bash profile script, sourced only when the shell is bash; or null. */
  public String profileBash() {
    return shell.map(Shell::isBash).orElse(false) ? blankToNull(profile.bash()) : null;
  }

  /**
   * What in the manifest can only happen in a shell, in words for an error message: the hook,
   * the profile, variables that refer to others. Empty when the image can run commands directly.
   */
  public List<String> needsOfAShell() {
    List<String> needs = new ArrayList<>();
    if (onActivate != null) {
      needs.add("[hook] on-activate");
    }
    if (blankToNull(profile.common()) != null) {
      needs.add("[profile] common");
    }
    if (blankToNull(profile.bash()) != null) {
      needs.add("[profile] bash");
    }
    vars.forEach(
        (name, value) -> {
          if (!value.isPlain()) {
            needs.add("[vars] " + name + " (it refers to $" + value.references().get(0) + ")");
          }
        });
    return needs;
  }

  /**
   * The image config's {@code Env}: every variable the activation sets whose value needs no
   * shell, so that a container whose entrypoint is overridden still has a working environment.
   */
  public List<String> configEnv(String environmentPath) {
    Map<String, String> env = new LinkedHashMap<>();
    List<String> path = new ArrayList<>();
    pathDirectories.forEach(directory -> path.add(environmentPath + "/" + directory));
    path.add(DEFAULT_PATH);
    env.put("PATH", String.join(":", path));
    env.put("FLOX_ENV", environmentPath);
    env.put("FLOX_ENV_DESCRIPTION", environmentName);
    env.put("FLOX_ENV_CACHE", CACHE_DIRECTORY);
    Map<String, String> known = Map.of("FLOX_ENV", environmentPath);
    fixedVariables.forEach((name, value) -> env.put(name, value.expand(known)));
    // A value with references depends on the container: only the activation can set it. What
    // floxj set under the same name (PATH = "/opt/bin:${PATH}") stays, as the better fallback.
    vars.forEach(
        (name, value) -> {
          if (value.isPlain()) {
            env.put(name, value.expand(Map.of()));
          }
        });
    List<String> entries = new ArrayList<>();
    env.forEach((name, value) -> entries.add(name + "=" + value));
    return entries;
  }

  private static String blankToNull(String script) {
    return script == null || script.isBlank() ? null : script;
  }
}
