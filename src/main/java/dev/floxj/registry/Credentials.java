package dev.floxj.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the credentials a Docker or podman user already has for a registry, in the files those
 * tools read, in their order: {@code $DOCKER_CONFIG/config.json} (else
 * {@code ~/.docker/config.json}), then {@code $REGISTRY_AUTH_FILE},
 * {@code $XDG_RUNTIME_DIR/containers/auth.json} and {@code ~/.config/containers/auth.json}. In
 * each file a registry's {@code credHelpers} entry wins, then {@code credsStore}, then its
 * {@code auths} entry; the first file with an answer decides.
 */
public final class Credentials {
  /** Docker Hub's key in config.json and for credential helpers. */
  static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

  private final List<Path> files;
  private final Map<String, String> environment;

  Credentials(List<Path> files, Map<String, String> environment) {
    this.files = List.copyOf(files);
    this.environment = environment;
  }

  /** The credential files of a user with this environment (HOME, DOCKER_CONFIG, ...). */
  public static Credentials fromEnvironment(Map<String, String> environment) {
    List<Path> files = new ArrayList<>();
    String home = environment.get("HOME");
    String dockerConfig = environment.get("DOCKER_CONFIG");
    if (dockerConfig != null && !dockerConfig.isEmpty()) {
      files.add(Path.of(dockerConfig, "config.json"));
    } else if (home != null) {
      files.add(Path.of(home, ".docker", "config.json"));
    }
    String authFile = environment.get("REGISTRY_AUTH_FILE");
    if (authFile != null && !authFile.isEmpty()) {
      files.add(Path.of(authFile));
    }
    String runtimeDir = environment.get("XDG_RUNTIME_DIR");
    if (runtimeDir != null && !runtimeDir.isEmpty()) {
      files.add(Path.of(runtimeDir, "containers", "auth.json"));
    }
    if (home != null) {
      files.add(Path.of(home, ".config", "containers", "auth.json"));
    }
    return new Credentials(files, environment);
  }

  /** The files looked at, in order (for messages and tests). */
  public List<Path> files() {
    return files;
  }

  /** The credential for {@code repository} on {@code registry}, or empty for anonymous access. */
  public Optional<Credential> find(String registry, String repository) {
    for (Path file : files) {
      Optional<JsonNode> config = read(file);
      if (config.isEmpty()) {
        continue;
      }
      Optional<Credential> found = findIn(config.get(), file, registry, repository);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<Credential> findIn(JsonNode config, Path file, String registry, String repository) {
    String server = registry.equals(RegistryReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
    JsonNode helpers = config.path("credHelpers");
    Optional<String> helperKey = matchingKey(helpers, registry, repository);
    if (helperKey.isPresent()) {
      String helper = helpers.path(helperKey.get()).asText("");
      if (!helper.isEmpty()) {
        return new CredentialHelper(helper, environment).get(server);
      }
    }
    String store = config.path("credsStore").asText("");
    if (!store.isEmpty()) {
      Optional<Credential> stored = new CredentialHelper(store, environment).get(server);
      if (stored.isPresent()) {
        return stored;
      }
    }
    JsonNode auths = config.path("auths");
    Optional<String> key = matchingKey(auths, registry, repository);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    return entry(auths.path(key.get()), file + " (auths \"" + key.get() + "\")", file);
  }

  private static Optional<Credential> entry(JsonNode entry, String source, Path file) {
    String registryToken = entry.path("registrytoken").asText("");
    if (!registryToken.isEmpty()) {
      return Optional.of(new Credential.RegistryToken(registryToken, source));
    }
    String identityToken = entry.path("identitytoken").asText("");
    if (!identityToken.isEmpty()) {
      return Optional.of(new Credential.IdentityToken(identityToken, source));
    }
    String username = entry.path("username").asText("");
    String password = entry.path("password").asText("");
    String auth = entry.path("auth").asText("");
    if (!auth.isEmpty()) {
      String decoded;
      try {
        decoded = new String(Base64.getMimeDecoder().decode(auth), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new RegistryException(
            "The \"auth\" of " + source + " is not base64 of user:password; log in again with"
                + " `docker login` or fix " + file + ".");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new RegistryException(
            "The \"auth\" of " + source + " is not base64 of user:password; log in again with"
                + " `docker login` or fix " + file + ".");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    if (username.isEmpty() && password.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Credential.UserPassword(username, password, source));
  }

  /**
   * The key of {@code entries} that stands for this registry and repository: the longest
   * {@code host/path} prefix of the repository (podman's per-namespace entries), else the host
   * written as {@code host}, {@code https://host} or {@code http://host} with any path.
   */
  static Optional<String> matchingKey(JsonNode entries, String registry, String repository) {
    if (!entries.isObject()) {
      return Optional.empty();
    }
    String bestPathKey = null;
    int bestPathLength = -1;
    String hostKey = null;
    int hostRank = Integer.MAX_VALUE;
    Iterator<String> names = entries.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      String normalized = stripScheme(key);
      int slash = normalized.indexOf('/');
      String host = slash < 0 ? normalized : normalized.substring(0, slash);
      String path = slash < 0 ? "" : normalized.substring(slash + 1);
      if (!sameRegistry(host, registry)) {
        continue;
      }
      if (!path.isEmpty() && !path.equals("v1") && !path.equals("v1/") && !path.equals("v2") && !path.equals("v2/")) {
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if ((repository.equals(prefix) || repository.startsWith(prefix + "/")) && prefix.length() > bestPathLength) {
          bestPathKey = key;
          bestPathLength = prefix.length();
        }
        continue;
      }
      int rank = key.equals(registry) ? 0 : key.equals(DOCKER_HUB_KEY) ? 0 : 1;
      if (rank < hostRank) {
        hostKey = key;
        hostRank = rank;
      }
    }
    return Optional.ofNullable(bestPathKey != null ? bestPathKey : hostKey);
  }

  private static String stripScheme(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://")) {
      return key.substring("https://".length());
    }
    if (lower.startsWith("http://")) {
      return key.substring("http://".length());
    }
    return key;
  }

  private static boolean sameRegistry(String host, String registry) {
    String h = host.toLowerCase(Locale.ROOT);
    String r = registry.toLowerCase(Locale.ROOT);
    if (r.equals(RegistryReference.DOCKER_HUB)) {
      return h.equals("docker.io") || h.equals("index.docker.io") || h.equals("registry-1.docker.io");
    }
    return h.equals(r);
  }

  private static Optional<JsonNode> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.isDirectory(file)) {
        return Optional.empty();
      }
      throw new RegistryException("Cannot read the credentials file " + file + ": " + e.getMessage() + "; fix its permissions or remove it.");
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode tree = Json.mapper().readTree(bytes);
      if (tree == null || !tree.isObject()) {
        throw new IOException("not a JSON object");
      }
      return Optional.of(tree);
    } catch (IOException e) {
      throw new RegistryException("The credentials file " + file + " is not valid JSON (" + firstLine(e.getMessage()) + "); fix it or log in again with `docker login`.");
    }
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
