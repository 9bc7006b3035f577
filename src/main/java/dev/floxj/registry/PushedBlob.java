package dev.floxj.registry;

import dev.floxj.image.model.Digest;

/**
 * A blob the registry has, and how it got there.
 *
 * @param digest its digest, {@code sha256:…}
 * @param size its size in bytes, or -1 when it was found or mounted without being written (the
 *     caller knows it from where the digest came from)
 * @param how whether it was found, mounted or uploaded
 */
public record PushedBlob(Digest digest, long size, How how) {
  /** What the push of one blob did. */
  public enum How {
    /** The registry had it already (HEAD answered 200). */
    PRESENT,
    /** Mounted from another repository of the same registry. */
    MOUNTED,
    /** Its bytes were uploaded. */
    UPLOADED
  }
}
