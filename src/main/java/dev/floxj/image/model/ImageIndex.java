package dev.floxj.image.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.FloxjException;
import dev.floxj.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An image index: a list of manifest descriptors, for several platforms of one image (a
 * registry's multi-platform tag) or for the tags of an OCI layout ({@code index.json}). Read as
 * well as written, since a layout is updated in place: its other entries are kept.
 */
public record ImageIndex(ManifestFormat format, List<Descriptor> manifests, Map<String, String> annotations) {
  public ImageIndex {
    manifests = List.copyOf(manifests);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public static ImageIndex empty(ManifestFormat format) {
    return new ImageIndex(format, List.of(), Map.of());
  }

  public String mediaType() {
    return format.indexType();
  }

  /** This index without the entries {@code drop} matches, and with {@code added} at the end. */
  public ImageIndex replacing(Predicate<Descriptor> drop, Descriptor added) {
    List<Descriptor> kept = new ArrayList<>();
    for (Descriptor manifest : manifests) {
      if (!drop.test(manifest)) {
        kept.add(manifest);
      }
    }
    kept.add(added);
    return new ImageIndex(format, kept, annotations);
  }

  public byte[] toJson() {
    return Json.compact(
        json -> {
          json.writeStartObject();
          json.writeNumberField("schemaVersion", 2);
          json.writeStringField("mediaType", format.indexType());
          json.writeArrayFieldStart("manifests");
          for (Descriptor manifest : manifests) {
            manifest.writeTo(json);
          }
          json.writeEndArray();
          if (!annotations.isEmpty()) {
            json.writeObjectFieldStart("annotations");
            for (Map.Entry<String, String> annotation : new TreeMap<>(annotations).entrySet()) {
              json.writeStringField(annotation.getKey(), annotation.getValue());
            }
            json.writeEndObject();
          }
          json.writeEndObject();
        });
  }

  /**
   * Parses index JSON; an index without {@code mediaType} (allowed in a layout's index.json) is
   * taken as OCI. {@code where} names it for errors.
   */
  public static ImageIndex parse(byte[] bytes, String where) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new FloxjException(where + " is not JSON (" + e.getMessage() + "); fix or remove it.", e);
    }
    String mediaType = node.path("mediaType").asText(ManifestFormat.OCI.indexType());
    ManifestFormat format = ManifestFormat.ofType(mediaType);
    if (!node.isObject() || format == null || !node.path("manifests").isArray()) {
      throw new FloxjException(where + " is not an image index with a manifests list; fix or remove it.");
    }
    List<Descriptor> manifests = new ArrayList<>();
    for (JsonNode manifest : node.get("manifests")) {
      manifests.add(Descriptor.read(manifest, where));
    }
    Map<String, String> annotations = new TreeMap<>();
    node.path("annotations").fields().forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
    return new ImageIndex(format, manifests, annotations);
  }
}
