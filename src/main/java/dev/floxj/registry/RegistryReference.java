package dev.floxj.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an image goes in a registry: {@code REGISTRY/REPOSITORY[:TAG|@DIGEST]}, with Docker's
 * defaults, so that a name means what it means to {@code docker push} and skopeo: a first
 * component without a dot, a colon or {@code localhost} is not a registry (the name is then on
 * Docker Hub), and a one-component Docker Hub name lives under {@code library/}.
 *
 * @param registry the registry as users write it ({@code docker.io}, {@code ghcr.io},
 *     {@code 127.0.0.1:5000}); the key under which credentials are looked up
 * @param repository the repository path, e.g. {@code library/alpine} or {@code org/app}
 * @param tag the tag, or null
 * @param digest the manifest digest ({@code sha256:…}), or null
 */
public record RegistryReference(String registry, String repository, String tag, String digest) {
  /** Docker Hub's name, as users and config.json write it. */
  public static final String DOCKER_HUB = "docker.io";

  private static final String COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
  private static final Pattern REPOSITORY = Pattern.compile(COMPONENT + "(?:/" + COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,}");
  private static final Pattern HOST = Pattern.compile("(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(?::[0-9]{1,5})?");

  public RegistryReference {
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw invalid(registry + "/" + repository + ":" + tag, "the tag '" + tag + "' is not a valid tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");
    }
  }

  /**
   * Reads {@code REGISTRY/REPOSITORY[:TAG][@DIGEST]} (a {@code docker://} prefix is allowed).
   *
   * @throws RegistryException naming the reference and what is wrong with it
   */
  public static RegistryReference parse(String text) {
    String rest = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
    if (rest.isEmpty()) {
      throw invalid(text, "it names no repository");
    }
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw invalid(text, "'" + digest + "' is not a digest (algorithm:hex)");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw invalid(text, "'" + tag + "' is not a valid tag (letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-')");
      }
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (!HOST.matcher(registry).matches()) {
      throw invalid(text, "'" + registry + "' is not a registry host[:port]");
    }
    String lowerRegistry = registry.toLowerCase(Locale.ROOT);
    if (lowerRegistry.equals("index.docker.io") || lowerRegistry.equals("registry-1.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!REPOSITORY.matcher(repository).matches()) {
      throw invalid(text, "'" + repository + "' is not a repository name (lowercase letters, digits and single separators '.', '_', '__', '-', components joined by '/')");
    }
    return new RegistryReference(registry, repository, tag, digest);
  }

  /** The same repository with {@code newTag}. */
  public RegistryReference withTag(String newTag) {
    return new RegistryReference(registry, repository, newTag, null);
  }

  /** The host the registry API is served from: Docker Hub's is {@code registry-1.docker.io}. */
  public String apiHost() {
    return apiHostOf(registry);
  }

  /** The API host of a registry name ({@link #DOCKER_HUB} → {@code registry-1.docker.io}). */
  public static String apiHostOf(String registry) {
    return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
  }

  public Optional<String> tagIfAny() {
    return Optional.ofNullable(tag);
  }

  /** {@code registry/repository} without tag or digest. */
  public String repositoryName() {
    return registry + "/" + repository;
  }

  @Override
  public String toString() {
    return repositoryName() + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
  }

  private static RegistryException invalid(String text, String why) {
    return new RegistryException("The image reference '" + text + "' cannot be used: " + why + "; write it as REGISTRY/REPOSITORY[:TAG], e.g. ghcr.io/org/app:1.0.");
  }
}
