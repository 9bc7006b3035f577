package dev.floxj.target;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import dev.floxj.Sha256;
import dev.floxj.image.model.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digests of layers written before, keyed on what determines a layer's bytes (its {@link
 * dev.floxj.image.model.LayerContent#identity identity}: store paths with their NAR hashes, owner,
 * mtime, tar format version) and on how the blob was stored (compression, level, library), so
 * that a destination can ask a registry whether it has a layer before writing a byte of it. One
 * small file per entry, written beside its place and renamed; an entry that does not read back
 * whole, or whose key text differs, is ignored. A wrong digest costs only an upload: a registry
 * is always asked first, and an uploaded blob is named by the digest of its bytes.
 */
public final class LayerDigestCache {
  private final Path directory;

  /**
   * What is known of a stored layer.
   *
   * @param diffId the digest of the uncompressed tar
   * @param blob the digest of the stored bytes (equal to diffId when uncompressed)
   * @param size the size of the stored bytes
   */
  public record Entry(Digest diffId, Digest blob, long size) {}

  private LayerDigestCache(Path directory) {
    this.directory = directory;
  }

  /** The cache under floxj's cache directory, or none when there is no cache directory. */
  public static LayerDigestCache under(Path cacheDirectory) {
    return new LayerDigestCache(cacheDirectory == null ? null : cacheDirectory.resolve("layer-digests").resolve("v1"));
  }

  /** The entry for a layer of this identity stored as {@code storedAs}, if a run saved one. */
  public Optional<Entry> get(String identity, String storedAs) {
    if (directory == null) {
      return Optional.empty();
    }
    try {
      JsonNode node = Json.mapper().readTree(Files.readAllBytes(file(identity, storedAs)));
      if (!identity.equals(node.path("identity").asText()) || !storedAs.equals(node.path("storedAs").asText())) {
        return Optional.empty();
      }
      long size = node.path("size").asLong(-1);
      if (size < 0) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(
              Digest.parse(node.path("diffId").asText(), "the layer-digest cache"),
              Digest.parse(node.path("digest").asText(), "the layer-digest cache"),
              size));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // missing, half-written by a crash, or corrupt: as if never saved
    }
  }

  /** Saves an entry; failing to is no error (the next run writes the layer again). */
  public void put(String identity, String storedAs, Entry entry) {
    if (directory == null) {
      return;
    }
    byte[] json =
        Json.compact(
            out -> {
              out.writeStartObject();
              out.writeStringField("identity", identity);
              out.writeStringField("storedAs", storedAs);
              out.writeStringField("diffId", entry.diffId().toString());
              out.writeStringField("digest", entry.blob().toString());
              out.writeNumberField("size", entry.size());
              out.writeEndObject();
            });
    Path target = file(identity, storedAs);
    try {
      Files.createDirectories(directory);
      Path temporary = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, json);
        try {
          Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      // Only a shortcut for later runs.
    }
  }

  private Path file(String identity, String storedAs) {
    byte[] key = Sha256.of((identity + "\n" + storedAs).getBytes(StandardCharsets.UTF_8));
    return directory.resolve(HexFormat.of().formatHex(key) + ".json");
  }
}
