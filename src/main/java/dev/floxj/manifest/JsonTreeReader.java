package dev.floxj.manifest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.floxj.FloxjException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into a {@link Node.Table}. It walks Jackson's token stream rather than its tree
 * model because only the stream knows where each key was written.
 */
final class JsonTreeReader {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final JsonParser parser;
  private final String file;

  private JsonTreeReader(JsonParser parser, String file) {
    this.parser = parser;
    this.file = file;
  }

  /** Reads a document whose top level must be an object. */
  static Node.Table read(String text, String fileLabel) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonTreeReader reader = new JsonTreeReader(parser, fileLabel);
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        throw new FloxjException(
            fileLabel + ": invalid JSON: the document must be an object ({...}); fix the file.");
      }
      Node.Table root = reader.object(SourcePosition.ofFile(fileLabel));
      if (parser.nextToken() != null) {
        throw new FloxjException(
            reader.here().label()
                + ": invalid JSON: unexpected content after the end of the document.");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation location = e.getLocation();
      String where =
          location == null
              ? fileLabel
              : new SourcePosition(fileLabel, location.getLineNr(), location.getColumnNr()).label();
      throw new FloxjException(where + ": invalid JSON: " + e.getOriginalMessage() + ".", e);
    } catch (IOException e) {
      throw new FloxjException(fileLabel + ": cannot be read: " + e.getMessage() + ".", e);
    }
  }

  /** Reads the members of an object whose START_OBJECT is the current token. */
  private Node.Table object(SourcePosition position) throws IOException {
    Map<String, Node> entries = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      SourcePosition keyPosition = here();
      if (entries.containsKey(key)) {
        throw new FloxjException(
            keyPosition.label()
                + ": invalid JSON: the key '"
                + key
                + "' appears twice in one object.");
      }
      Node value = value(parser.nextToken(), keyPosition);
      // JSON null means "not given", as serde writes it for an absent optional field.
      if (!(value instanceof Node.Scalar scalar && scalar.value() == null)) {
        entries.put(key, value);
      }
    }
    return new Node.Table(entries, position);
  }

  private Node value(JsonToken token, SourcePosition position) throws IOException {
    switch (token) {
      case START_OBJECT:
        return object(position);
      case START_ARRAY:
        List<Node> items = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          items.add(value(next, here()));
        }
        return new Node.Array(items, position);
      case VALUE_STRING:
        return new Node.Scalar(parser.getText(), position);
      case VALUE_NUMBER_INT:
        return new Node.Scalar(
            parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? parser.getBigIntegerValue()
                : (Object) parser.getLongValue(),
            position);
      case VALUE_NUMBER_FLOAT:
        return new Node.Scalar(parser.getDoubleValue(), position);
      case VALUE_TRUE:
        return new Node.Scalar(Boolean.TRUE, position);
      case VALUE_FALSE:
        return new Node.Scalar(Boolean.FALSE, position);
      case VALUE_NULL:
        return new Node.Scalar(null, position);
      default:
        throw new FloxjException(here().label() + ": invalid JSON: unexpected " + token + ".");
    }
  }

  private SourcePosition here() {
    JsonLocation location = parser.currentTokenLocation();
    return new SourcePosition(file, location.getLineNr(), location.getColumnNr());
  }
}
