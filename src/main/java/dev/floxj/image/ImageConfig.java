package dev.floxj.image;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.floxj.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The image config JSON ({@code <digest>.json} in a docker-archive). Written once every layer's
 * digest is known; the same inputs always give the same bytes.
 */
public record ImageConfig(String architecture, Instant created, ContainerConfig config) {
  /**
   * @param diffIds {@code sha256:<hex>} of each uncompressed layer, bottom first
   * @param historyComments one line per layer describing it, bottom first
   */
  public byte[] toJson(List<String> diffIds, List<String> historyComments) {
    String createdText = DateTimeFormatter.ISO_INSTANT.format(created);
    return Json.compact(
        json -> {
          json.writeStartObject();
          json.writeStringField("created", createdText);
          json.writeStringField("architecture", architecture);
          json.writeStringField("os", "linux");
          json.writeFieldName("config");
          writeContainerConfig(json);
          json.writeObjectFieldStart("rootfs");
          json.writeStringField("type", "layers");
          writeList(json, "diff_ids", diffIds);
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
