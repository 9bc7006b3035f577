package dev.floxj.registry;

import java.io.IOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;

/**
 * The body of a request to a registry, which may have to be sent again (after a 401 or a
 * transient failure): each {@link #open} gives a fresh publisher.
 */
interface RequestBody {
  /** No body. */
  RequestBody EMPTY = () -> BodyPublishers.noBody();

  /** A publisher of the whole body, from its start. */
  BodyPublisher open() throws IOException;

  /**
   * Called when sending failed with an exception: throws the body's own failure (e.g. a file
   * that could not be read while streaming) so that it is not mistaken for a network error.
   */
  default void rethrowOwnFailure() throws IOException {}

  /** Called when the registry answered before taking all of the body; stops its producer. */
  default void abandon() {}

  /** Bytes already in memory. */
  static RequestBody of(byte[] bytes) {
    return () -> BodyPublishers.ofByteArray(bytes);
  }
}
