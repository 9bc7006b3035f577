package dev.floxj.substitution;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The binary cache settings of Nix's configuration (the caches, their keys, {@code netrc-file}
 * and {@code ssl-cert-file}), read the way Nix reads them: {@code
 * $NIX_CONF_DIR/nix.conf} (default {@code /etc/nix}), then the user's files ({@code
 * $NIX_USER_CONF_FILES}, else {@code nix/nix.conf} under {@code $XDG_CONFIG_DIRS} and {@code
 * $XDG_CONFIG_HOME} or {@code ~/.config}, the latter winning), then {@code $NIX_CONFIG}. A setting
 * replaces the value before it; {@code extra-<setting>} appends to it, after the plain settings of
 * the same file; {@code include} and {@code !include} read other files.
 *
 * <p>Like Nix, it reads bytes, not text of some encoding: a stray non-UTF-8 byte in a comment does
 * not matter. A file that exists but cannot be used (unreadable, not a regular file, larger than
 * {@value #MAX_FILE_BYTES} bytes, part of an {@code include} cycle) is an error naming it, never
 * skipped: skipping would silently fall back to cache.nixos.org and its key, trust the user did
 * not configure. FIFOs and devices are refused before they are opened, so none can block floxj.
 */
public final class NixConfiguration {
  public static final String DEFAULT_SUBSTITUTER = "https://cache.nixos.org";
  public static final String DEFAULT_TRUSTED_KEY =
      "cache.nixos.org-1:6NCHdD59X431o0gWypbMrAURkbJ16ZPMQFGspcDShjY=";

  private static final String SUBSTITUTERS = "substituters";
  private static final String TRUSTED_PUBLIC_KEYS = "trusted-public-keys";
  private static final String EXTRA = "extra-";
  /** Far above any real nix.conf; a bigger file is a mistake (or {@code include /dev/zero}). */
  static final int MAX_FILE_BYTES = 1 << 20;
  /** How deep {@code include}s may nest; Nix's own files nest one or two deep. */
  static final int MAX_INCLUDE_DEPTH = 16;

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
      configuration.apply(nixConfig, "NIX_CONFIG", Path.of(""), new ArrayDeque<>());
    }
    return configuration;
  }

  /** Applies one configuration text, as if read from {@code source}. */
  public static NixConfiguration parse(String text) {
    NixConfiguration configuration = new NixConfiguration();
    configuration.apply(text, "NIX_CONFIG", Path.of(""), new ArrayDeque<>());
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
    Deque<Path> including = new ArrayDeque<>();
    // A missing file is no configuration, as in Nix.
    read(file, including).ifPresent(text -> apply(text, file.toString(), file.toAbsolutePath().getParent(), including));
  }

  /**
   * The text of a configuration file, its bytes decoded as UTF-8 with anything else replaced (only
   * a setting floxj uses must be UTF-8; see {@link #set}); empty when the file does not exist.
   */
  private static Optional<String> read(Path file, Deque<Path> including) {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file)) {
      throw new FloxjException(
          file + " is not a regular file (a directory, FIFO or device), which floxj does not read as"
              + " Nix configuration; replace it with a file or remove it.");
    }
    try {
      Path real = file.toRealPath();
      if (including.contains(real)) {
        throw new FloxjException(
            "The Nix configuration includes itself: "
                + Stream.concat(including.stream(), Stream.of(real)).map(Path::toString).collect(Collectors.joining(" includes "))
                + "; remove one of these includes.");
      }
      if (including.size() >= MAX_INCLUDE_DEPTH) {
        throw new FloxjException(
            "The Nix configuration nests includes more than " + MAX_INCLUDE_DEPTH + " deep, at " + file
                + "; include fewer files.");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      }
      if (bytes.length > MAX_FILE_BYTES) {
        throw new FloxjException(
            file + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB, which no Nix configuration"
                + " needs; check that it is the file meant, or shorten it.");
      }
      including.addLast(real);
      return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // removed since: as if it never existed
    } catch (IOException e) {
      throw new FloxjException(
          file + " cannot be read (" + e.getClass().getSimpleName().replace("Exception", "")
              + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); make it readable, or point"
              + " NIX_CONF_DIR / NIX_USER_CONF_FILES elsewhere. floxj will not ignore it and fall"
              + " back to trusting cache.nixos.org.", e);
    }
  }

  /** One configuration text: its plain settings first, then its {@code extra-} ones. */
  private void apply(String text, String source, Path directory, Deque<Path> including) {
    List<String[]> settings = new ArrayList<>();
    parseInto(text, source, directory, settings, including);
    for (String[] setting : settings) {
      if (!setting[0].startsWith(EXTRA)) {
        set(setting[0], setting[1], setting[2], false);
      }
    }
    for (String[] setting : settings) {
      if (setting[0].startsWith(EXTRA)) {
        set(setting[0].substring(EXTRA.length()), setting[1], setting[2], true);
      }
    }
  }

  private static void parseInto(
      String text, String source, Path directory, List<String[]> into, Deque<Path> including) {
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
        Path included;
        try {
          included = directory.resolve(tokens[1]);
        } catch (java.nio.file.InvalidPathException e) {
          throw new FloxjException(
              source + " line " + number + " includes '" + tokens[1] + "', which is not a file name ("
                  + e.getReason() + "); fix the include.");
        }
        Optional<String> includedText = read(included, including);
        if (includedText.isPresent()) {
          parseInto(includedText.get(), included.toString(), included.toAbsolutePath().getParent(), into, including);
          including.removeLast();
        } else if (tokens[0].equals("include")) {
          throw new FloxjException(
              source + " line " + number + " includes " + included + ", which does not exist; fix"
                  + " the include or use !include for an optional file.");
        }
        continue;
      }
      if (tokens.length < 2 || !tokens[1].equals("=")) {
        throw illegal(source, number, line);
      }
      into.add(new String[] {tokens[0], String.join(" ", Arrays.copyOfRange(tokens, 2, tokens.length)), source + " line " + number});
    }
  }

  private static FloxjException illegal(String source, int number, String line) {
    return new FloxjException(
        source + " line " + number + " ('" + line.trim() + "') is not 'name = value'; fix it (Nix"
            + " refuses it too).");
  }

  private void set(String name, String value, String where, boolean append) {
    List<String> values = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    boolean used = switch (name) {
      case SUBSTITUTERS, "binary-caches", TRUSTED_PUBLIC_KEYS, "binary-cache-public-keys" -> true;
      default -> false;
    };
    if (used && value.indexOf('\uFFFD') >= 0) {
      throw new FloxjException(
          where + " sets " + name + " to bytes that are not UTF-8 text, which no cache URL or key"
              + " holds; retype the value.");
    }
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
