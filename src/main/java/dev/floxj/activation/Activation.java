package dev.floxj.activation;

import dev.floxj.manifest.ActivateMode;
import dev.floxj.manifest.Profile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What activating an environment in its image does, the way flox's activation does it: the
 * variables of the mode, the {@code [vars]}, the packages' profile scripts, the hook, the profile
 * scripts and the shell doing it (absent when the image has none).
 *
 * @param environmentName {@code FLOX_ENV_DESCRIPTION}
 * @param mode dev or run: which of flox's variables are set
 * @param contents what the environment holds that decides some variables
 * @param vars the manifest's {@code [vars]}, as written (not yet ordered by references)
 * @param onActivate the {@code [hook] on-activate} script as written, or null
 */
public record Activation(
    String environmentName,
    ActivateMode mode,
    EnvironmentContents contents,
    Map<String, String> vars,
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
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(contents, "contents");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(shell, "shell");
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
    onActivate = blankToNull(onActivate);
  }

  /** The hook, outdented; or null. */
  public String hookScript() {
    return onActivate == null ? null : Outdent.of(onActivate);
  }

  /** {@code [profile] common}, outdented; or null. */
  public String profileCommon() {
    String common = blankToNull(profile.common());
    return common == null ? null : Outdent.of(common);
  }

  /** {@code [profile] bash}, outdented, when the shell is bash; or null. */
  public String profileBash() {
    String bash = shell.map(Shell::isBash).orElse(false) ? blankToNull(profile.bash()) : null;
    return bash == null ? null : Outdent.of(bash);
  }

  /** The {@code [vars]} in the order they are exported: after the entries they refer to. */
  public Map<String, String> orderedVars() {
    return VarsOrder.of(vars);
  }

  /** The packages' own {@code etc/profile.d} scripts that are sourced: dev mode only. */
  public List<String> packageProfileScripts() {
    return mode == ActivateMode.DEV ? contents.profileScripts() : List.of();
  }

  /**
   * What can only happen in a shell, in words for an error message: the hook, the profile,
   * variables the shell must expand, packages' profile scripts. Empty when the image can run
   * commands directly.
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
          if (!isPlain(value)) {
            needs.add("[vars] " + name + " (the shell expands \"" + value + "\")");
          }
        });
    packageProfileScripts().forEach(script -> needs.add("etc/profile.d/" + script));
    return needs;
  }

  /** Whether the shell gives back {@code value} unchanged inside double quotes. */
  static boolean isPlain(String value) {
    return value.chars().noneMatch(c -> c == '$' || c == '`' || c == '\\' || c == '"');
  }

  /** The dev mode's search paths: name and directories, first directory first. */
  List<Map.Entry<String, List<String>>> devSearchPaths() {
    return List.of(
        Map.entry("CPATH", List.of("include")),
        Map.entry("LIBRARY_PATH", List.of("lib")),
        Map.entry("PKG_CONFIG_PATH", List.of("lib/pkgconfig", "share/pkgconfig")),
        Map.entry("ACLOCAL_PATH", List.of("share/aclocal")));
  }

  /** {@code lib/pythonX.Y/site-packages} when the version is known at build time. */
  Optional<String> pythonSitePackages() {
    return contents.python3() && mode == ActivateMode.DEV
        ? contents.pythonVersion().map(version -> "lib/python" + version + "/site-packages")
        : Optional.empty();
  }

  /**
   * The image config's {@code Env}: the values the activation gives in a container started
   * with Docker's defaults, for every variable that needs no shell, so that a container whose
   * entrypoint is overridden ({@code docker run --entrypoint}, {@code docker exec}, Kubernetes
   * {@code command:}) still has a working environment. flox's image has no {@code Env}.
   */
  public List<String> configEnv(String environmentPath) {
    String env = environmentPath;
    Map<String, String> values = new LinkedHashMap<>();
    values.put("PATH", env + "/bin:" + env + "/sbin:" + DEFAULT_PATH);
    values.put("FLOX_ENV", env);
    values.put("FLOX_ENV_CACHE", CACHE_DIRECTORY);
    values.put("FLOX_ENV_DESCRIPTION", environmentName);
    values.put("FLOX_ENV_DIRS", env);
    values.put("MANPATH", env + "/share/man:");
    contents.caBundle().ifPresent(bundle -> {
      values.put("SSL_CERT_FILE", bundle);
      values.put("NIX_SSL_CERT_FILE", bundle);
    });
    contents.localeArchive().ifPresent(archive -> values.put("LOCALE_ARCHIVE", archive));
    values.put("INFOPATH", env + "/share/info:");
    values.put("XDG_DATA_DIRS", env + "/share");
    if (mode == ActivateMode.DEV) {
      for (Map.Entry<String, List<String>> search : devSearchPaths()) {
        values.put(search.getKey(), String.join(":", search.getValue().stream().map(d -> env + "/" + d).toList()));
      }
      pythonSitePackages().ifPresent(site -> values.put("PYTHONPATH", env + "/" + site));
      if (contents.java()) {
        values.put("JAVA_HOME", env);
      }
      if (contents.cmake()) {
        values.put("CMAKE_PREFIX_PATH", env);
      }
      if (contents.jupyter()) {
        values.put("JUPYTER_PATH", env + "/share/jupyter");
      }
    }
    // A value the shell would change depends on the container: only the activation can set it.
    // What floxj set under the same name (PATH = "/opt/bin:$PATH") stays, as the better fallback.
    vars.forEach(
        (name, value) -> {
          if (isPlain(value)) {
            values.put(name, value);
          }
        });
    List<String> entries = new ArrayList<>();
    values.forEach((name, value) -> entries.add(name + "=" + value));
    return entries;
  }

  private static String blankToNull(String script) {
    return script == null || script.isBlank() ? null : script;
  }
}
