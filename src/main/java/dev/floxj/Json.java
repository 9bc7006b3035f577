package dev.floxj;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * floxj's Jackson: one shared {@link ObjectMapper}, made on first use, for reading and writing
 * JSON trees (locks, nix's output); and compact JSON written straight through jackson-core for
 * the image's own files. Making an ObjectMapper costs ~20 ms of start-up, and containerizing an
 * environment whose lock is fresh needs none.
 */
public final class Json {
  private static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /** The shared mapper (thread-safe: it is never reconfigured). */
  public static ObjectMapper mapper() {
    return Mapper.INSTANCE;
  }

  /** What writes a JSON document to a generator. */
  @FunctionalInterface
  public interface Document {
    void writeTo(JsonGenerator json) throws IOException;
  }

  /** {@code document} as compact UTF-8 JSON, as ObjectMapper.writeValueAsBytes would write it. */
  public static byte[] compact(Document document) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
      document.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON into memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }
}
