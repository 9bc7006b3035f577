package dev.floxj.substitution;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The binary cache settings of Nix's configuration (the caches, their keys, {@code netrc-file}
 * and {@code ssl-cert-file}), read the way Nix reads them: {@code
 * $NIX_CONF_DIR/nix.conf} (default {@code /etc/nix}), then the user's files ({@code
 * $NIX_USER_CONF_FILES}, else {@code nix/nix.conf} under {@code $XDG_CONFIG_DIRS} and {@code
 * $XDG_CONFIG_HOME} or {@code ~/.config}, the latter winning), then {@code $NIX_CONFIG}. A setting
 * replaces the value before it; {@code extra-<setting>} appends to it, after the plain settings of
 * the same file; {@code include} and {@code !include} read other files.
 */
public final class NixConfiguration {
  public static final String DEFAULT_SUBSTITUTER = "https://cache.nixos.org";
  public static final String DEFAULT_TRUSTED_KEY =
      "cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=";

  private static final String SUBSTITUTERS = "substituters";
  private static final String TRUSTED_PUBLIC_KEYS = "trusted-public-keys";
  private static final String EXTRA = "extra-";

  private List<String> substituters = List.of(DEFAULT_SUBSTITUTER);
  private List<String> trustedPublicKeys = List.of(DEFAULT_TRUSTED_KEY);
  private String netrcFile;
  private String sslCertFile;

  private NixConfiguration() {}

  /** Nix's defaults, as if no configuration existed. */
  public static NixConfiguration defaults() {
    return new NixConfiguration();
  }

  /** The configuration a Nix run with {@code environment} would see. */
  public static NixConfiguration load(Map<String, String> environment) {
    NixConfiguration configuration = new NixConfiguration();
    String confDir = environment.getOrDefault("NIX_CONF_DIR", "/etc/nix");
    configuration.applyFile(Path.of(confDir, "nix.conf"));
    List<Path> userFiles = userFiles(environment);
    Collections.reverse(userFiles);
    userFiles.forEach(configuration::applyFile);
    String nixConfig = environment.get("NIX_CONFIG");
    if (nixConfig != null) {
      configuration.apply(nixConfig, "NIX_CONFIG", Path.of(""));
    }
    return configuration;
  }

  /** Applies one configuration text, as if read from {@code source}. */
  public static NixConfiguration parse(String text) {
    NixConfiguration configuration = new NixConfiguration();
    configuration.apply(text, "NIX_CONFIG", Path.of(""));
    return configuration;
  }

  /** {@code substituters}, in the order given. */
  public List<String> substituters() {
    return substituters;
  }

  /** {@code trusted-public-keys}, as {@code name:base64} strings. */
  public List<String> trustedPublicKeys() {
    return trustedPublicKeys;
  }

  /** {@code netrc-file}, if set: the credentials of binary caches. */
  public Optional<String> netrcFile() {
    return Optional.ofNullable(netrcFile);
  }

  /** {@code ssl-cert-file}, if set: the CA bundle for https caches. */
  public Optional<String> sslCertFile() {
    return Optional.ofNullable(sslCertFile);
  }

  private static List<Path> userFiles(Map<String, String> environment) {
    List<Path> files = new ArrayList<>();
    String explicit = environment.get("NIX_USER_CONF_FILES");
    if (explicit != null) {
      for (String file : explicit.split(":")) {
        if (!file.isEmpty()) {
          files.add(Path.of(file));
        }
      }
      return files;
    }
    String configHome = environment.get("XDG_CONFIG_HOME");
    String home = environment.get("HOME");
    if (configHome != null && !configHome.isEmpty()) {
      files.add(Path.of(configHome, "nix", "nix.conf"));
    } else if (home != null && !home.isEmpty()) {
      files.add(Path.of(home, ".config", "nix", "nix.conf"));
    }
    String configDirs = environment.getOrDefault("XDG_CONFIG_DIRS", "/etc/xdg");
    for (String dir : configDirs.split(":")) {
      if (!dir.isEmpty()) {
        files.add(Path.of(dir, "nix", "nix.conf"));
      }
    }
    return files;
  }

  private void applyFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      return; // Nix skips configuration files it cannot read, and so do we.
    }
    apply(text, file.toString(), file.toAbsolutePath().getParent());
  }

  /** One configuration text: its plain settings first, then its {@code extra-} ones. */
  private void apply(String text, String source, Path directory) {
    List<String[]> settings = new ArrayList<>();
    parseInto(text, source, directory, settings);
    for (String[] setting : settings) {
      if (!setting[0].startsWith(EXTRA)) {
        set(setting[0], setting[1], false);
      }
    }
    for (String[] setting : settings) {
      if (setting[0].startsWith(EXTRA)) {
        set(setting[0].substring(EXTRA.length()), setting[1], true);
      }
    }
  }

  private static void parseInto(String text, String source, Path directory, List<String[]> into) {
    String[] lines = text.split("\n", -1);
    for (int number = 1; number <= lines.length; number++) {
      String line = lines[number - 1];
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      String[] tokens = Arrays.stream(line.trim().split("[ \t\r]+")).filter(t -> !t.isEmpty()).toArray(String[]::new);
      if (tokens.length == 0) {
        continue;
      }
      if (tokens[0].equals("include") || tokens[0].equals("!include")) {
        if (tokens.length != 2) {
          throw illegal(source, number, line);
        }
        Path included = directory.resolve(tokens[1]);
        try {
          parseInto(Files.readString(included), included.toString(), included.toAbsolutePath().getParent(), into);
        } catch (IOException e) {
          if (tokens[0].equals("include")) {
            throw new FloxjException(
                source + " line " + number + " includes " + included + ", which cannot be read; fix"
                    + " the include or use !include for an optional file.");
          }
        }
        continue;
      }
      if (tokens.length < 2 || !tokens[1].equals("=")) {
        throw illegal(source, number, line);
      }
      into.add(new String[] {tokens[0], String.join(" ", Arrays.copyOfRange(tokens, 2, tokens.length))});
    }
  }

  private static FloxjException illegal(String source, int number, String line) {
    return new FloxjException(
        source + " line " + number + " ('" + line.trim() + "') is not 'name = value'; fix it (Nix"
            + " refuses it too).");
  }

  private void set(String name, String value, boolean append) {
    List<String> values = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    switch (name) {
      case SUBSTITUTERS, "binary-caches" -> substituters = combine(substituters, values, append);
      case TRUSTED_PUBLIC_KEYS, "binary-cache-public-keys" ->
          trustedPublicKeys = combine(trustedPublicKeys, values, append);
      case "netrc-file" -> netrcFile = value.isBlank() ? null : value.trim();
      case "ssl-cert-file" -> sslCertFile = value.isBlank() ? null : value.trim();
      default -> {
        // Settings that do not concern binary caches.
      }
    }
  }

  private static List<String> combine(List<String> current, List<String> values, boolean append) {
    if (!append) {
      return values;
    }
    List<String> combined = new ArrayList<>(current);
    combined.addAll(values);
    return List.copyOf(combined);
  }
}
