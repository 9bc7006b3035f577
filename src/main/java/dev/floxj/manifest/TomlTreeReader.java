package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Reads TOML text into a {@link Node.Table}, reporting the first syntax error with its position.
 */
final class TomlTreeReader {
  private TomlTreeReader() {}

  static Node.Table read(String text, String fileLabel) {
    TomlParseResult result = Toml.parse(text);
    if (result.hasErrors()) {
      TomlParseError first = result.errors().get(0);
      throw new FloxjException(
          at(fileLabel, first.position()).label()
              + ": invalid TOML: "
              + first.getMessage()
              + "; fix the syntax and try again.");
    }
    return table(result, SourcePosition.ofFile(fileLabel), fileLabel);
  }

  private static Node.Table table(TomlTable table, SourcePosition position, String file) {
    Map<String, Node> entries = new LinkedHashMap<>();
    for (String key : table.keySet()) {
      entries.put(
          key, node(table.get(List.of(key)), at(file, table.inputPositionOf(List.of(key))), file));
    }
    return new Node.Table(entries, position);
  }

  private static Node node(Object value, SourcePosition position, String file) {
    if (value instanceof TomlTable nested) {
      return table(nested, position, file);
    }
    if (value instanceof TomlArray array) {
      List<Node> items = new ArrayList<>();
      for (int i = 0; i < array.size(); i++) {
        items.add(node(array.get(i), at(file, array.inputPositionOf(i)), file));
      }
      return new Node.Array(items, position);
    }
    return new Node.Scalar(value, position);
  }

  private static SourcePosition at(String file, TomlPosition position) {
    return position == null
        ? SourcePosition.ofFile(file)
        : new SourcePosition(file, position.line(), position.column());
  }
}
