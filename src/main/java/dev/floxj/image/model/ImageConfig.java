package dev.floxj.image.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.FloxjException;
import dev.floxj.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The image config: platform, creation time, how a container runs, and (when written) the layers'
 * diff IDs and history. Written once every layer's diff ID is known; the same inputs always give
 * the same bytes, which is what makes the image ID (the config's digest) reproducible. Readable
 * too ({@link #read}), for destinations that hold images already.
 */
public record ImageConfig(Platform platform, Instant created, ContainerConfig config) {
  /** The config's JSON with what its layers add. */
  public record Contents(ImageConfig config, List<Digest> diffIds, List<String> historyComments) {
    public Contents {
      diffIds = List.copyOf(diffIds);
      historyComments = List.copyOf(historyComments);
    }
  }

  /**
   * @param diffIds the digest of each uncompressed layer, bottom first
   * @param historyComments one line per layer describing it, bottom first
   */
  public byte[] toJson(List<Digest> diffIds, List<String> historyComments) {
    List<String> diffIdTexts = new java.util.ArrayList<>(diffIds.size());
    for (Digest diffId : diffIds) {
      diffIdTexts.add(diffId.toString());
    }
    String createdText = DateTimeFormatter.ISO_INSTANT.format(created);
    return Json.compact(
        json -> {
          json.writeStartObject();
          json.writeStringField("created", createdText);
          json.writeStringField("architecture", platform.architecture());
          json.writeStringField("os", platform.os());
          if (platform.variant() != null) {
            json.writeStringField("variant", platform.variant());
          }
          json.writeFieldName("config");
          writeContainerConfig(json);
          json.writeObjectFieldStart("rootfs");
          json.writeStringField("type", "layers");
          writeList(json, "diff_ids", diffIdTexts);
          json.writeEndObject();
          json.writeArrayFieldStart("history");
          for (String comment : historyComments) {
            json.writeStartObject();
            json.writeStringField("created", createdText);
            json.writeStringField("created_by", "floxj");
            json.writeStringField("comment", comment);
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }

  /**
   * Reads config JSON as floxj and Docker write it; fields floxj does not model are ignored.
   *
   * @param where names the document for errors
   */
  public static Contents read(byte[] bytes, String where) {
    JsonNode node;
    try {
      node = Json.mapper().readTree(bytes);
    } catch (IOException e) {
      throw new FloxjException(where + " is not JSON (" + e.getMessage() + ").", e);
    }
    if (!node.isObject() || !node.path("architecture").isTextual() || !node.path("os").isTextual()) {
      throw new FloxjException(where + " is not an image config with architecture and os.");
    }
    Platform platform =
        new Platform(node.get("os").asText(), node.get("architecture").asText(), node.path("variant").asText(null));
    Instant created;
    try {
      created = node.hasNonNull("created") ? Instant.parse(node.get("created").asText()) : Instant.EPOCH;
    } catch (java.time.format.DateTimeParseException e) {
      throw new FloxjException(where + " has a created time that is not an ISO-8601 instant.", e);
    }
    JsonNode container = node.path("config");
    ContainerConfig config =
        new ContainerConfig(
            textList(container.get("Env")),
            textList(container.get("Entrypoint")),
            textList(container.get("Cmd")),
            container.path("WorkingDir").asText(null),
            container.path("User").asText(null),
            keys(container.get("ExposedPorts")),
            keys(container.get("Volumes")),
            labels(container.get("Labels")),
            container.path("StopSignal").asText(null));
    List<Digest> diffIds = new java.util.ArrayList<>();
    for (JsonNode diffId : node.path("rootfs").path("diff_ids")) {
      diffIds.add(Digest.parse(diffId.asText(), where));
    }
    List<String> comments = new java.util.ArrayList<>();
    for (JsonNode entry : node.path("history")) {
      comments.add(entry.path("comment").asText(""));
    }
    return new Contents(new ImageConfig(platform, created, config), diffIds, comments);
  }

  private static List<String> textList(JsonNode node) {
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> values = new java.util.ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }

  private static List<String> keys(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    List<String> keys = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static Map<String, String> labels(JsonNode node) {
    if (node == null || !node.isObject()) {
      return null;
    }
    Map<String, String> labels = new TreeMap<>();
    node.fields().forEachRemaining(field -> labels.put(field.getKey(), field.getValue().asText()));
    return labels;
  }

  private void writeContainerConfig(JsonGenerator json) throws IOException {
    json.writeStartObject();
    writeList(json, "Env", config.env());
    writeList(json, "Entrypoint", config.entrypoint());
    writeList(json, "Cmd", config.cmd());
    writeText(json, "WorkingDir", config.workingDir());
    writeText(json, "User", config.user());
    writeSet(json, "ExposedPorts", config.exposedPorts());
    writeSet(json, "Volumes", config.volumes());
    if (config.labels() != null && !config.labels().isEmpty()) {
      json.writeObjectFieldStart("Labels");
      for (Map.Entry<String, String> label : new TreeMap<>(config.labels()).entrySet()) {
        json.writeStringField(label.getKey(), label.getValue());
      }
      json.writeEndObject();
    }
    writeText(json, "StopSignal", config.stopSignal());
    json.writeEndObject();
  }

  private static void writeList(JsonGenerator json, String field, List<String> values)
      throws IOException {
    if (values != null) {
      json.writeArrayFieldStart(field);
      for (String value : values) {
        json.writeString(value);
      }
      json.writeEndArray();
    }
  }

  private static void writeText(JsonGenerator json, String field, String value)
      throws IOException {
    if (value != null && !value.isEmpty()) {
      json.writeStringField(field, value);
    }
  }

  /** Docker's set-like fields are objects whose keys are the values: {@code {"80/tcp": {}}}. */
  private static void writeSet(JsonGenerator json, String field, List<String> values)
      throws IOException {
    if (values != null && !values.isEmpty()) {
      json.writeObjectFieldStart(field);
      for (String value : new TreeSet<>(values)) {
        json.writeObjectFieldStart(value);
        json.writeEndObject();
      }
      json.writeEndObject();
    }
  }
}
