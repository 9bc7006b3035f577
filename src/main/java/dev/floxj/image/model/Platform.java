package dev.floxj.image.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * What an image runs on: OS, architecture and (for arm) variant, as in an image config and an
 * index entry. Kept apart from Nix system names so that the model knows nothing of Nix.
 *
 * @param variant null when the architecture has none (amd64)
 */
public record Platform(String os, String architecture, String variant) {
  public Platform {
    if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
      throw new IllegalArgumentException("a platform needs an os and an architecture");
    }
    variant = variant == null || variant.isEmpty() ? null : variant;
  }

  public static Platform linux(String architecture, String variant) {
    return new Platform("linux", architecture, variant);
  }

  /** Writes the index entry's {@code platform} object. */
  void writeTo(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeStringField("architecture", architecture);
    json.writeStringField("os", os);
    if (variant != null) {
      json.writeStringField("variant", variant);
    }
    json.writeEndObject();
  }

  /** Reads a {@code platform} object; null when {@code node} is missing. */
  static Platform read(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return null;
    }
    return new Platform(
        node.path("os").asText(), node.path("architecture").asText(), node.path("variant").asText(null));
  }

  /** {@code linux/arm64/v8}, as docker and skopeo print platforms. */
  @Override
  public String toString() {
    return os + "/" + architecture + (variant == null ? "" : "/" + variant);
  }
}
