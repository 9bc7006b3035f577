package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.substitution.DownloadCache;
import dev.floxj.substitution.NetworkSettings;
import dev.floxj.substitution.NixConfiguration;
import dev.floxj.substitution.PublicKey;
import dev.floxj.substitution.StoreSource;
import dev.floxj.substitution.SubstitutionListener;
import dev.floxj.substitution.SubstitutionSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The options that say where store paths missing from the local store come from. */
final class SubstitutionOptions {
  @Option(
      names = "--substituter",
      paramLabel = "URL",
      converter = SubstituterUrl.class,
      description = "A binary cache (https://, http:// or file://) to fetch missing store paths from; repeatable, replaces Nix's substituters (default: those of nix.conf, else https://cache.nixos.org).")
  private List<String> substituters = new ArrayList<>();

  @Option(
      names = "--trusted-public-key",
      paramLabel = "NAME:KEY",
      converter = Key.class,
      description = "A key whose signatures are trusted; repeatable, replaces Nix's trusted-public-keys (default: those of nix.conf, else cache.nixos.org-1's).")
  private List<PublicKey> trustedKeys = new ArrayList<>();

  @Option(names = "--no-check-sigs", description = "Accept store paths from binary caches without a trusted signature (unsafe).")
  private boolean noCheckSigs;

  @Option(names = "--offline", description = "Ask no binary cache: use the local store and the download cache only.")
  private boolean offline;

  /** {@code --offline}: nothing is downloaded, by floxj or by the Nix it runs. */
  boolean offline() {
    return offline;
  }

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where verified downloads are kept (default: $XDG_CACHE_HOME/floxj, else ~/.cache/floxj).")
  private Path cacheDir;

  /** The local store under {@code storeRoot} backed by the chosen caches. */
  StoreSource open(Path storeRoot, Map<String, String> environment, Path workingDirectory, Console console) {
    if (noCheckSigs) {
      console.warn(
          "--no-check-sigs is on: store paths from binary caches are used WITHOUT checking any"
              + " signature; anyone who controls a cache or the network can put anything in the image.");
    }
    Path downloads = cacheDirectory(environment, workingDirectory);
    // Flags for both lists leave nothing for Nix's configuration to say.
    NixConfiguration configuration =
        substituters.isEmpty() || trustedKeys.isEmpty()
            ? NixConfiguration.load(environment)
            : NixConfiguration.defaults();
    // The network settings (netrc-file, ssl-cert-file) are read from nix.conf even when flags give
    // both lists: a private cache given with --substituter still needs its credentials.
    NixConfiguration network = configuration;
    if (!substituters.isEmpty() && !trustedKeys.isEmpty() && !offline) {
      try {
        network = NixConfiguration.load(environment);
      } catch (FloxjException e) {
        network = configuration; // the flags said everything else; a broken nix.conf is not our business
      }
    }
    SubstitutionSettings settings =
        SubstitutionSettings.resolve(
            configuration, substituters, trustedKeys, !noCheckSigs, offline, downloads,
            NetworkSettings.of(environment, network));
    SubstitutionListener listener =
        new DownloadProgress(console, Boolean.parseBoolean(System.getProperty("floxj.stderr.tty")));
    return StoreSource.open(storeRoot, settings, listener);
  }

  /** floxj's cache directory: --cache-dir, else the default; null when there is none. */
  Path cacheDirectory(Map<String, String> environment, Path workingDirectory) {
    return cacheDir != null
        ? workingDirectory.resolve(cacheDir).normalize()
        : DownloadCache.defaultDirectory(environment).orElse(null);
  }

  /** Checks a --substituter value. */
  static final class SubstituterUrl implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return SubstitutionSettings.checkSubstituter(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Parses a --trusted-public-key value. */
  static final class Key implements ITypeConverter<PublicKey> {
    @Override
    public PublicKey convert(String value) {
      try {
        return PublicKey.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
