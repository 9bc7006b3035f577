package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads TOML text into a {@link Node.Table}, reporting the first syntax error with its position.
 */
final class TomlTreeReader {
  private final TomlDocument document;
  private final String file;

  private TomlTreeReader(TomlDocument document, String file) {
    this.document = document;
    this.file = file;
  }

  static Node.Table read(String text, String fileLabel) {
    TomlDocument document = TomlDocument.parse(text);
    TomlTreeReader reader = new TomlTreeReader(document, fileLabel);
    TomlParseResult result = document.result();
    if (result.hasErrors()) {
      TomlParseError first = result.errors().get(0);
      throw new FloxjException(
          reader.at(first.position()).label()
              + ": invalid TOML: "
              + first.getMessage()
              + "; fix the syntax and try again.");
    }
    return reader.table(result, SourcePosition.ofFile(fileLabel));
  }

  private Node.Table table(TomlTable table, SourcePosition position) {
    Map<String, Node> entries = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      entries.put(key, node(table.get(List.of(key)), at(table.inputPositionOf(List.of(key)))));
    }
    return new Node.Table(entries, position);
  }

  private Node node(Object value, SourcePosition position) {
    if (value instanceof TomlTable nested) {
      return table(nested, position);
    }
    if (value instanceof TomlArray array) {
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        items.add(node(array.get(i), at(array.inputPositionOf(i))));
      }
      return new Node.Array(items, position);
    }
    return new Node.Scalar(value, position);
  }

  private SourcePosition at(TomlPosition position) {
    return position == null
        ? SourcePosition.ofFile(file)
        : new SourcePosition(file, document.line(position), position.column());
  }
}
