package dev.floxj.image.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.FloxjException;
import dev.floxj.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An image manifest: the config's descriptor and the layers' (bottom first), in one media-type
 * family. Its bytes are what a registry stores and a layout names by digest, so the same values
 * always give the same JSON.
 */
public record ImageManifest(
    ManifestFormat format, Descriptor config, List<Descriptor> layers, Map<String, String> annotations) {
  public ImageManifest {
    layers = List.copyOf(layers);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }

  public String mediaType() {
    return format.manifestType();
  }

  /** The manifest JSON: schemaVersion 2, mediaType, config, layers, annotations if any. */
  public byte[] toJson() {
    return Json.compact(
        json -> {
          json.writeStartObject();
          json.writeNumberField("schemaVersion", 2);
          json.writeStringField("mediaType", format.manifestType());
          json.writeFieldName("config");
          config.writeTo(json);
          json.writeArrayFieldStart("layers");
          for (Descriptor layer : layers) {
            layer.writeTo(json);
          }
          json.writeEndArray();
          if (!annotations.isEmpty()) {
            json.writeObjectFieldStart("annotations");
            for (Map.Entry<String, String> annotation :
                new java.util.TreeMap<>(annotations).entrySet()) {
              json.writeStringField(annotation.getKey(), annotation.getValue());
            }
            json.writeEndObject();
          }
          json.writeEndObject();
        });
  }

  /** Parses manifest JSON (OCI or Docker schema2); {@code where} names it for errors. */
  public static ImageManifest parse(byte[] bytes, String where) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new FloxjException(where + " is not JSON (" + e.getMessage() + ").", e);
    }
    ManifestFormat format = ManifestFormat.ofType(node.path("mediaType").asText());
    if (format == null || !node.path("config").isObject() || !node.path("layers").isArray()) {
      throw new FloxjException(where + " is not an OCI or Docker schema2 image manifest.");
    }
    List<Descriptor> layers = new ArrayList<>();
    for (JsonNode layer : node.get("layers")) {
      layers.add(Descriptor.read(layer, where));
    }
    Map<String, String> annotations = new java.util.TreeMap<>();
    node.path("annotations").fields().forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().asText()));
    return new ImageManifest(format, Descriptor.read(node.get("config"), where), layers, annotations);
  }
}
