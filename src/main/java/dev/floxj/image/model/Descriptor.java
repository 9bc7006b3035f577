package dev.floxj.image.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.FloxjException;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What points at a blob: its media type, digest and size, and for an index entry the platform and
 * annotations (a layout's tag is an annotation). Manifests, indexes and {@code index.json} are
 * lists of these. Annotations are kept sorted, so the JSON is the same whatever order they were
 * given in.
 *
 * @param platform null when the descriptor has none (layers, configs)
 */
public record Descriptor(
    String mediaType, Digest digest, long size, Platform platform, Map<String, String> annotations) {
  public Descriptor {
    if (mediaType == null || mediaType.isEmpty()) {
      throw new IllegalArgumentException("a descriptor needs a media type");
    }
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    annotations =
        annotations == null || annotations.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new TreeMap<>(annotations));
  }

  public static Descriptor of(String mediaType, Digest digest, long size) {
    return new Descriptor(mediaType, digest, size, null, Map.of());
  }

  /** The descriptor of {@code content} itself: its SHA-256 and length. */
  public static Descriptor ofContent(String mediaType, byte[] content) {
    return of(mediaType, Digest.sha256Of(content), content.length);
  }

  public Descriptor withPlatform(Platform newPlatform) {
    return new Descriptor(mediaType, digest, size, newPlatform, annotations);
  }

  public Descriptor withAnnotations(Map<String, String> newAnnotations) {
    return new Descriptor(mediaType, digest, size, platform, newAnnotations);
  }

  /** An annotation's value, or null. */
  public String annotation(String key) {
    return annotations.get(key);
  }

  /** Writes the descriptor as a JSON object: mediaType, digest, size, platform, annotations. */
  public void writeTo(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("mediaType", mediaType);
    json.writeStringField("digest", digest.toString());
    json.writeNumberField("size", size);
    if (platform != null) {
      json.writeFieldName("platform");
      platform.writeTo(json);
    }
    if (!annotations.isEmpty()) {
      json.writeObjectFieldStart("annotations");
      for (Map.Entry<String, String> annotation : annotations.entrySet()) {
        json.writeStringField(annotation.getKey(), annotation.getValue());
      }
      json.writeEndObject();
    }
    json.writeEndObject();
  }

  /**
   * Reads a descriptor object.
   *
   * @param where names the document for errors, e.g. "index.json of /tmp/oci"
   */
  public static Descriptor read(JsonNode node, String where) {
    if (!node.isObject()
        || !node.path("mediaType").isTextual()
        || !node.path("digest").isTextual()
        || !node.path("size").canConvertToLong()) {
      throw new FloxjException(
          "An entry of " + where + " is not a descriptor with mediaType, digest and size; fix or"
              + " remove it.");
    }
    Map<String, String> annotations = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.path("annotations").fields();
        fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      annotations.put(field.getKey(), field.getValue().asText());
    }
    return new Descriptor(
        node.get("mediaType").asText(),
        Digest.parse(node.get("digest").asText(), where),
        node.get("size").asLong(),
        Platform.read(node.get("platform")),
        annotations);
  }
}
