package dev.floxj.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.floxj.Json;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.store.StorePath;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import java.io.IOException;
import java.util.List;

/**
 * The {@code --metadata-file} JSON, for CI steps that need what was written without parsing
 * messages: the image ID, each layer's diff ID, size and store paths, and per destination the
 * references written, the manifest's descriptor and the layers as stored there (a compressed
 * layer has its own digest and size). Its shape is documented in docs/containerize.md.
 */
final class MetadataFile {
  private MetadataFile() {}

  static byte[] json(Image image, List<WrittenImage> written) {
    WrittenImage first = written.get(0);
    return Json.compact(
        json -> {
          json.useDefaultPrettyPrinter();
          json.writeStartObject();
          json.writeStringField("imageId", first.config().toString());
          json.writeStringField("configDigest", first.config().toString());
          layers(json, image, first);
          json.writeArrayFieldStart("destinations");
          for (WrittenImage destination : written) {
            json.writeStartObject();
            named(json, destination.destination(), destination.references());
            json.writeStringField("configDigest", destination.config().toString());
            if (destination.manifest() != null) {
              json.writeFieldName("manifest");
              descriptor(json, destination.manifest());
            }
            json.writeArrayFieldStart("layers");
            for (WrittenLayer layer : destination.layers()) {
              descriptor(json, layer.blob());
            }
            json.writeEndArray();
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
          json.writeRaw('\n');
        });
  }

  /** A destination's name and the references written or pushed there. */
  private static void named(JsonGenerator json, String destination, List<String> references)
      throws IOException {
    json.writeStringField("destination", destination);
    json.writeArrayFieldStart("references");
    for (String reference : references) {
      json.writeString(reference);
    }
    json.writeEndArray();
  }

  /**
   * Each layer of {@code image}: its diff ID as {@code written} recorded it, its size (measured:
   * known without reading) and its store paths.
   */
  private static void layers(JsonGenerator json, Image image, WrittenImage written)
      throws IOException {
    json.writeArrayFieldStart("layers");
    for (int i = 0; i < image.layers().size(); i++) {
      Layer layer = image.layers().get(i);
      json.writeStartObject();
      json.writeStringField("diffId", written.layers().get(i).diffId().toString());
      json.writeNumberField("size", layer.content().size());
      json.writeArrayFieldStart("storePaths");
      for (StorePath path : layer.storePaths()) {
        json.writeString(path.path());
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
  }

  /**
   * The JSON for several platforms: per destination the references and the index's descriptor,
   * and per platform its manifest's descriptor, config digest and layers (diff IDs, sizes, store
   * paths) in the index's order.
   */
  static byte[] indexJson(List<Image> images, List<WrittenIndex> written) {
    return Json.compact(
        json -> {
          json.useDefaultPrettyPrinter();
          json.writeStartObject();
          json.writeStringField("imageId", written.get(0).index().digest().toString());
          json.writeArrayFieldStart("platforms");
          for (int p = 0; p < images.size(); p++) {
            Image image = images.get(p);
            WrittenImage first = written.get(0).images().get(p);
            json.writeStartObject();
            json.writeStringField("platform", image.config().platform().toString());
            json.writeStringField("configDigest", first.config().toString());
            json.writeFieldName("manifest");
            descriptor(json, first.manifest());
            layers(json, image, first);
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeArrayFieldStart("destinations");
          for (WrittenIndex destination : written) {
            json.writeStartObject();
            named(json, destination.destination(), destination.references());
            json.writeFieldName("index");
            descriptor(json, destination.index());
            json.writeArrayFieldStart("manifests");
            for (WrittenImage image : destination.images()) {
              json.writeStartObject();
              json.writeStringField("platform", image.manifest().platform().toString());
              json.writeStringField("digest", image.manifest().digest().toString());
              json.writeNumberField("size", image.manifest().size());
              json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
          json.writeRaw('\n');
        });
  }

  private static void descriptor(JsonGenerator json, Descriptor descriptor)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("mediaType", descriptor.mediaType());
    json.writeStringField("digest", descriptor.digest().toString());
    json.writeNumberField("size", descriptor.size());
    json.writeEndObject();
  }
}
