package dev.floxj.substitution;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where store paths missing from the local store may come from, and what makes them trusted.
 *
 * @param substituters binary cache URLs, in the order given (priorities reorder them)
 * @param trustedKeys keys whose signatures make a narinfo trusted
 * @param checkSignatures false only with {@code --no-check-sigs}
 * @param offline no binary cache is asked; only the local store and the download cache serve
 * @param downloadCache floxj's cache of verified narinfos and NARs; null when there is nowhere to
 *     keep one, which is an error only once something must be downloaded
 * @param warnings what was skipped while reading Nix's configuration
 * @param network proxies, credentials and CA certificates for the caches
 */
public record SubstitutionSettings(
    List<String> substituters,
    List<PublicKey> trustedKeys,
    boolean checkSignatures,
    boolean offline,
    Path downloadCache,
    List<String> warnings,
    NetworkSettings network) {

  public SubstitutionSettings {
    substituters = List.copyOf(substituters);
    trustedKeys = List.copyOf(trustedKeys);
    warnings = List.copyOf(warnings);
    network = network == null ? NetworkSettings.direct() : network;
  }

  /** Settings whose caches are reached directly. */
  public SubstitutionSettings(
      List<String> substituters,
      List<PublicKey> trustedKeys,
      boolean checkSignatures,
      boolean offline,
      Path downloadCache,
      List<String> warnings) {
    this(substituters, trustedKeys, checkSignatures, offline, downloadCache, warnings, NetworkSettings.direct());
  }

  /**
   * Nix's configuration with the command line's choices on top: given flags replace the
   * configured lists. Configured entries floxj cannot use are skipped with a warning; flags are
   * expected to be checked already.
   */
  public static SubstitutionSettings resolve(
      NixConfiguration configuration,
      List<String> substituterFlags,
      List<PublicKey> keyFlags,
      boolean checkSignatures,
      boolean offline,
      Path downloadCache) {
    return resolve(configuration, substituterFlags, keyFlags, checkSignatures, offline, downloadCache, NetworkSettings.direct());
  }

  /** As above, with the caches reached through {@code network}. */
  public static SubstitutionSettings resolve(
      NixConfiguration configuration,
      List<String> substituterFlags,
      List<PublicKey> keyFlags,
      boolean checkSignatures,
      boolean offline,
      Path downloadCache,
      NetworkSettings network) {
    List<String> warnings = new ArrayList<>(network.warnings());
    List<String> substituters = new ArrayList<>();
    if (substituterFlags.isEmpty()) {
      for (String url : new LinkedHashSet<>(configuration.substituters())) {
        try {
          BinaryCache.validate(url);
          substituters.add(url);
        } catch (IllegalArgumentException e) {
          warnings.add("Skipping the substituter " + url + " of Nix's configuration: " + e.getMessage() + ".");
        }
      }
    } else {
      substituters.addAll(new LinkedHashSet<>(substituterFlags));
    }
    List<PublicKey> keys = new ArrayList<>();
    if (keyFlags.isEmpty()) {
      for (String text : new LinkedHashSet<>(configuration.trustedPublicKeys())) {
        try {
          keys.add(PublicKey.parse(text));
        } catch (IllegalArgumentException e) {
          warnings.add("Skipping a trusted public key of Nix's configuration: " + e.getMessage() + ".");
        }
      }
    } else {
      keys.addAll(keyFlags);
    }
    return new SubstitutionSettings(substituters, keys, checkSignatures, offline, downloadCache, warnings, network);
  }

  /**
   * Checks a substituter URL given on the command line.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String checkSubstituter(String url) {
    BinaryCache.validate(url);
    return url;
  }
}
