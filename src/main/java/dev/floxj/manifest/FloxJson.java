package dev.floxj.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import java.io.IOException;

/**
 * Writes JSON (manifest.lock, env.json) the way flox does: serde_json's pretty printing, two-space
 * indents, {@code "key": value}, {@code []} and {@code {}} when empty, a final newline. A lock
 * floxj writes looks like one flox wrote, and the same lock always gives the same bytes.
 */
public final class FloxJson {
  private FloxJson() {}

  public static String toText(JsonNode json) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter base =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    try {
      return Json.mapper().writer(new SerdeStyle(base)).writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  /** Jackson's pretty printer, but empty arrays and objects without a space inside. */
  private static final class SerdeStyle extends DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    SerdeStyle(DefaultPrettyPrinter base) {
      super(base);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new SerdeStyle(this);
    }

    @Override
    public void writeEndArray(JsonGenerator generator, int values) throws IOException {
      if (values > 0) {
        super.writeEndArray(generator, values);
        return;
      }
      if (!_arrayIndenter.isInline()) {
        --_nesting;
      }
      generator.writeRaw(']');
    }

    @Override
    public void writeEndObject(JsonGenerator generator, int entries) throws IOException {
      if (entries > 0) {
        super.writeEndObject(generator, entries);
        return;
      }
      if (!_objectIndenter.isInline()) {
        --_nesting;
      }
      generator.writeRaw('}');
    }
  }
}
