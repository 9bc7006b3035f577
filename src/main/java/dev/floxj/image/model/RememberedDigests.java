package dev.floxj.image.model;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an earlier run learned of a layer's bytes, recalled from the layer-digest cache: its diff
 * ID and, per compression, the digest and size of the stored blob. Believed, not proven: a
 * destination may skip a blob it already holds under one of these digests (a layout's blob file
 * is named by its digest, a registry is asked by digest), or name a blob before writing it; but
 * whatever writes the bytes hashes them again, and what it learns wins over what was recalled.
 *
 * @param diffId the digest of the uncompressed tar
 * @param stored per compression, the blob as stored (for {@link Compression#NONE}: the tar)
 */
public record RememberedDigests(Digest diffId, Map<Compression, Stored> stored) {
  /** A blob as stored: the digest and size of its bytes. */
  public record Stored(Digest digest, long size) {}

  public RememberedDigests {
    EnumMap<Compression, Stored> copy = new EnumMap<>(Compression.class);
    copy.putAll(stored);
    stored = java.util.Collections.unmodifiableMap(copy);
  }

  /** The blob stored with {@code compression}, if an earlier run stored one. */
  public Optional<Stored> as(Compression compression) {
    return Optional.ofNullable(stored.get(compression));
  }
}
