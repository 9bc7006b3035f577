package dev.floxj.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The image config JSON ({@code <digest>.json} in a docker-archive). Written once every layer's
 * digest is known; the same inputs always give the same bytes.
 */
public record ImageConfig(String architecture, Instant created, ContainerConfig config) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param diffIds {@code sha256:<hex>} of each uncompressed layer, bottom first
   * @param historyComments one line per layer describing it, bottom first
   */
  public byte[] toJson(List<String> diffIds, List<String> historyComments) {
    String createdText = DateTimeFormatter.ISO_INSTANT.format(created);
    ObjectNode root = JSON.createObjectNode();
    root.put("created", createdText);
    root.put("architecture", architecture);
    root.put("os", "linux");
    root.set("config", containerConfigJson());
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(ids::add);
    ArrayNode history = root.putArray("history");
    for (String comment : historyComments) {
      history.addObject().put("created", createdText).put("created_by", "floxj")
          .put("comment", comment);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private ObjectNode containerConfigJson() {
    ObjectNode node = JSON.createObjectNode();
    putList(node, "Env", config.env());
    putList(node, "Entrypoint", config.entrypoint());
    putList(node, "Cmd", config.cmd());
    putText(node, "WorkingDir", config.workingDir());
    putText(node, "User", config.user());
    putSet(node, "ExposedPorts", config.exposedPorts());
    putSet(node, "Volumes", config.volumes());
    if (config.labels() != null && !config.labels().isEmpty()) {
      ObjectNode labels = node.putObject("Labels");
      new TreeMap<>(config.labels()).forEach(labels::put);
    }
    putText(node, "StopSignal", config.stopSignal());
    return node;
  }

  private static void putList(ObjectNode node, String field, List<String> values) {
    if (values != null) {
      values.forEach(node.putArray(field)::add);
    }
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value != null && !value.isEmpty()) {
      node.put(field, value);
    }
  }

  /** Docker's set-like fields are objects whose keys are the values: {@code {"80/tcp": {}}}. */
  private static void putSet(ObjectNode node, String field, List<String> values) {
    if (values != null && !values.isEmpty()) {
      ObjectNode set = node.putObject(field);
      new TreeSet<>(values).forEach(set::putObject);
    }
  }
}
