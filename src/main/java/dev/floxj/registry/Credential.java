package dev.floxj.registry;

/**
 * What a user has for logging in to a registry, as Docker and podman keep it, and where it came
 * from (named in messages when the registry refuses it).
 */
public sealed interface Credential {
  /** Where the credential was found, e.g. {@code /home/u/.docker/config.json}. */
  String source();

  /** A user name and password (or personal access token): Basic auth, or the token realm's login. */
  record UserPassword(String username, String password, String source) implements Credential {
    @Override
    public String toString() {
      return "user '" + username + "' from " + source;
    }
  }

  /** An OAuth2 refresh token ({@code identitytoken}, or a helper's {@code <token>} user). */
  record IdentityToken(String token, String source) implements Credential {
    @Override
    public String toString() {
      return "an identity token from " + source;
    }
  }

  /** A bearer token to send as it is ({@code registrytoken}). */
  record RegistryToken(String token, String source) implements Credential {
    @Override
    public String toString() {
      return "a registry token from " + source;
    }
  }
}
