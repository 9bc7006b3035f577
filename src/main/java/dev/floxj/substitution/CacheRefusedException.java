package dev.floxj.substitution;

import java.io.IOException;

/** A cache answered in a way that retrying will not change (HTTP 401, say). */
final class CacheRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  CacheRefusedException(String message) {
    super(message);
  }
}
