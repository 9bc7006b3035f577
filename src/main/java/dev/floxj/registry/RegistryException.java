package dev.floxj.registry;

import dev.floxj.FloxjException;

/**
 * A push that cannot go on: a registry's refusal, missing or wrong credentials, an unreachable
 * host. Its message is one sentence naming the registry (and repository) and what to do.
 */
public final class RegistryException extends FloxjException {
  private static final long serialVersionUID = 1L;

  public RegistryException(String message) {
    super(message);
  }

  public RegistryException(String message, Throwable cause) {
    super(message, cause);
  }
}
