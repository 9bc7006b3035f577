package dev.floxj.image;

import dev.floxj.activation.VariableValue;
import dev.floxj.manifest.ActivateMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables floxj sets from what the environment holds, before the manifest's {@code [vars]}:
 * in dev mode the search paths of headers, libraries, pkg-config files and autoconf macros; in
 * both modes {@code SSL_CERT_FILE}/{@code NIX_SSL_CERT_FILE} for a CA bundle and {@code
 * LOCALE_ARCHIVE} for glibc's locales (flox issue #1130).
 */
public final class DerivedVariables {
  /** Where nixpkgs' cacert puts its bundle, inside its store path. */
  public static final String CA_BUNDLE = "etc/ssl/certs/ca-bundle.crt";

  /** Where nixpkgs' glibcLocales puts its archive, inside its store path. */
  public static final String LOCALE_ARCHIVE = "lib/locale/locale-archive";

  private DerivedVariables() {}

  /**
   * @param environment the environment's joined tree, for the directories it has
   */
  public static Map<String, VariableValue> of(
      RootFilesystem environment, ActivateMode mode, ClosureFiles closure) {
    Map<String, VariableValue> variables = new LinkedHashMap<>();
    if (mode == ActivateMode.DEV) {
      searchPath(variables, environment, "CPATH", "include");
      searchPath(variables, environment, "LIBRARY_PATH", "lib");
      searchPath(variables, environment, "PKG_CONFIG_PATH", "lib/pkgconfig", "share/pkgconfig");
      searchPath(variables, environment, "ACLOCAL_PATH", "share/aclocal");
    }
    closure
        .find(CA_BUNDLE)
        .ifPresent(
            bundle -> {
              variables.put("SSL_CERT_FILE", VariableValue.text(bundle));
              variables.put("NIX_SSL_CERT_FILE", VariableValue.text(bundle));
            });
    closure
        .find(LOCALE_ARCHIVE)
        .ifPresent(archive -> variables.put("LOCALE_ARCHIVE", VariableValue.text(archive)));
    return variables;
  }

  /** {@code NAME=${FLOX_ENV}/dir:...} over the directories the environment has, if any. */
  private static void searchPath(
      Map<String, VariableValue> variables,
      RootFilesystem environment,
      String name,
      String... directories) {
    List<String> present = new ArrayList<>();
    for (String directory : directories) {
      if (environment.node(directory) != null) {
        present.add("${FLOX_ENV}/" + directory);
      }
    }
    if (!present.isEmpty()) {
      variables.put(name, VariableValue.parse(String.join(":", present)));
    }
  }
}
