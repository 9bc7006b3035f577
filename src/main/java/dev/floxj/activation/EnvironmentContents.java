package dev.floxj.activation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the joined environment holds that decides flox's activation variables, looked up once
 * when the image is built (the tree never changes afterwards): the language tools whose variables
 * flox's {@code etc/profile.d} scripts set, the packages' own {@code etc/profile.d/*.sh} scripts,
 * and the CA bundle and locales of the image.
 *
 * @param python3 whether {@code bin/python3} exists ({@code PYTHONPATH})
 * @param pythonVersion {@code X.Y} when the environment has exactly one {@code lib/pythonX.Y};
 *     otherwise the activation asks {@code bin/python3}, as flox does
 * @param java whether {@code bin/java} exists ({@code JAVA_HOME})
 * @param cmake whether {@code bin/cmake} exists ({@code CMAKE_PREFIX_PATH})
 * @param jupyter whether {@code share/jupyter} exists ({@code JUPYTER_PATH})
 * @param profileScripts the names of the packages' {@code etc/profile.d/*.sh}, in byte order
 * @param caBundle the absolute path of a CA bundle, for {@code SSL_CERT_FILE}
 * @param localeArchive the absolute path of glibc's locale archive, for {@code LOCALE_ARCHIVE}
 */
public record EnvironmentContents(
    boolean python3,
    Optional<String> pythonVersion,
    boolean java,
    boolean cmake,
    boolean jupyter,
    List<String> profileScripts,
    Optional<String> caBundle,
    Optional<String> localeArchive) {

  /** An environment that holds none of these. */
  public static final EnvironmentContents NONE =
      new EnvironmentContents(
          false, Optional.empty(), false, false, false, List.of(), Optional.empty(), Optional.empty());

  public EnvironmentContents {
    Objects.requireNonNull(pythonVersion, "pythonVersion");
    profileScripts = List.copyOf(profileScripts);
    Objects.requireNonNull(caBundle, "caBundle");
    Objects.requireNonNull(localeArchive, "localeArchive");
  }

  /** The same contents with the CA bundle and locale archive given. */
  public EnvironmentContents withSystemFiles(Optional<String> caBundle, Optional<String> locales) {
    return new EnvironmentContents(
        python3, pythonVersion, java, cmake, jupyter, profileScripts, caBundle, locales);
  }
}
