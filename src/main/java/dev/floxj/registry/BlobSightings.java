package dev.floxj.registry;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import dev.floxj.image.model.Digest;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which repositories of which registry floxj has seen each blob in, kept in one small JSON file
 * under floxj's cache directory, so that a push to another repository of the same registry can
 * mount a blob instead of uploading it. Only a hint: a push still asks the registry first, and a
 * refused mount falls back to an upload. The file is replaced atomically (written beside it,
 * then renamed), merged with what other runs wrote meanwhile; an unreadable file counts as empty.
 */
public final class BlobSightings {
  /** Repositories remembered per blob; the most recent first. */
  static final int REPOSITORIES_PER_BLOB = 4;
  /** Blobs remembered per registry; the least recently seen are forgotten first. */
  static final int BLOBS_PER_REGISTRY = 20_000;

  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  private final Path file;
  // registry -> digest -> repositories, most recent first; insertion order = age
  private final Map<String, LinkedHashMap<String, List<String>>> seen = new LinkedHashMap<>();
  private final Map<String, LinkedHashMap<String, List<String>>> added = new LinkedHashMap<>();

  private BlobSightings(Path file) {
    this.file = file;
  }

  /** The sightings kept in {@code file} (created on the first {@link #save}). */
  public static BlobSightings load(Path file) {
    BlobSightings sightings = new BlobSightings(file);
    readInto(file, sightings.seen);
    return sightings;
  }

  /** Sightings kept for this run only (no cache directory). */
  public static BlobSightings inMemory() {
    return new BlobSightings(null);
  }

  /** A repository of {@code registry} other than {@code repository} that had {@code digest}. */
  public synchronized Optional<String> otherRepository(String registry, String repository, Digest digest) {
    Map<String, List<String>> digests = seen.get(registry);
    List<String> repositories = digests == null ? null : digests.get(digest.toString());
    if (repositories == null) {
      return Optional.empty();
    }
    return repositories.stream().filter(r -> !r.equals(repository)).findFirst();
  }

  /** Notes that {@code repository} of {@code registry} has {@code digest}. */
  public synchronized void saw(String registry, String repository, Digest digest) {
    note(seen, registry, repository, digest.toString());
    note(added, registry, repository, digest.toString());
  }

  private static void note(Map<String, LinkedHashMap<String, List<String>>> into, String registry, String repository, String digest) {
    LinkedHashMap<String, List<String>> digests = into.computeIfAbsent(registry, r -> new LinkedHashMap<>());
    List<String> repositories = digests.remove(digest);
    List<String> updated = new ArrayList<>();
    updated.add(repository);
    if (repositories != null) {
      for (String r : repositories) {
        if (!r.equals(repository) && updated.size() < REPOSITORIES_PER_BLOB) {
          updated.add(r);
        }
      }
    }
    digests.put(digest, updated);
    Iterator<String> oldest = digests.keySet().iterator();
    while (digests.size() > BLOBS_PER_REGISTRY && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }

  /**
   * Writes what this run saw into the file, over what the file has now. Failing to write is not
   * an error of the push: the hint is just lost.
   */
  public synchronized void save() {
    if (added.isEmpty() || file == null) {
      return;
    }
    Map<String, LinkedHashMap<String, List<String>>> merged = new LinkedHashMap<>();
    readInto(file, merged);
    added.forEach((registry, digests) -> digests.forEach((digest, repositories) -> {
      for (int i = repositories.size() - 1; i >= 0; i--) {
        note(merged, registry, repositories.get(i), digest);
      }
    }));
    byte[] bytes = Json.compact(json -> write(json, merged));
    try {
      Files.createDirectories(file.getParent());
      Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, bytes);
        try {
          Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
      added.clear();
    } catch (IOException e) {
      // Only a hint for later pushes; this push is done.
    }
  }

  private static void write(JsonGenerator json, Map<String, LinkedHashMap<String, List<String>>> sightings) throws IOException {
    json.writeStartObject();
    json.writeNumberField("version", 1);
    json.writeObjectFieldStart("registries");
    for (Map.Entry<String, LinkedHashMap<String, List<String>>> registry : sightings.entrySet()) {
      json.writeObjectFieldStart(registry.getKey());
      for (Map.Entry<String, List<String>> digest : registry.getValue().entrySet()) {
        json.writeArrayFieldStart(digest.getKey());
        for (String repository : digest.getValue()) {
          json.writeString(repository);
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }

  private static void readInto(Path file, Map<String, LinkedHashMap<String, List<String>>> into) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(Files.readAllBytes(file));
    } catch (IOException | RuntimeException e) {
      return;
    }
    if (tree == null || tree.path("version").asInt() != 1) {
      return;
    }
    tree.path("registries").fields().forEachRemaining(registry -> {
      LinkedHashMap<String, List<String>> digests = new LinkedHashMap<>();
      registry.getValue().fields().forEachRemaining(digest -> {
        if (!SHA256.matcher(digest.getKey()).matches() || !digest.getValue().isArray()) {
          return;
        }
        List<String> repositories = new ArrayList<>();
        digest.getValue().forEach(r -> {
          if (r.isTextual() && repositories.size() < REPOSITORIES_PER_BLOB) {
            repositories.add(r.asText());
          }
        });
        digests.put(digest.getKey(), repositories);
      });
      into.put(registry.getKey(), digests);
    });
  }
}
