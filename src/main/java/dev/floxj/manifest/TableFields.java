package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, checked access to one table of a manifest or lock. Every problem becomes a {@link
 * FloxjException} that starts with the file, line and column and names the dotted key.
 */
final class TableFields {
  private final Node.Table table;
  private final String path;

  /**
   * @param path the table's dotted name in messages, e.g. {@code install.hello}; empty for the top
   *     level
   */
  TableFields(Node.Table table, String path) {
    this.table = table;
    this.path = path;
  }

  Node.Table table() {
    return table;
  }

  /** The table's name as messages say it. */
  String name() {
    return path.isEmpty() ? "the top level" : path;
  }

  /** The dotted name of one of this table's keys. */
  String keyPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return table.entries().containsKey(key);
  }

  /** Rejects any key not in {@code allowed}, listing the allowed ones in their given order. */
  void allowOnly(Collection<String> allowed) {
    for (Map.Entry<String, Node> entry : table.entries().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw errorAt(
            entry.getValue().position(),
            "unknown key '"
                + entry.getKey()
                + "' in "
                + name()
                + "; expected one of "
                + String.join(", ", allowed));
      }
    }
  }

  /** An error about a key's value, positioned at the key (or at the table if the key is absent). */
  FloxjException error(String key, String message) {
    Node node = table.entries().get(key);
    return errorAt(node == null ? table.position() : node.position(), message);
  }

  /** An error about the table as a whole. */
  FloxjException error(String message) {
    return errorAt(table.position(), message);
  }

  static FloxjException errorAt(SourcePosition position, String message) {
    return new FloxjException(position.label() + ": " + message + ".");
  }

  String requiredString(String key) {
    String value = optionalString(key);
    if (value == null) {
      throw error("'" + keyPath(key) + "' is missing; it must be a string");
    }
    return value;
  }

  /**
   * A string; null when absent. No string floxj reads may hold a NUL character: none can pass
   * into an environment variable, a shell script or an argument (Docker refuses to run an image
   * whose config holds one), so it is refused here, at its place in the file.
   */
  String optionalString(String key) {
    String value = (String) scalar(key, String.class, "a string");
    if (value != null && value.indexOf('\0') >= 0) {
      throw error(key, keyPath(key) + " holds a NUL character (\\u0000), which no variable, script or"
          + " argument can carry; remove it");
    }
    return value;
  }

  Boolean optionalBoolean(String key) {
    return (Boolean) scalar(key, Boolean.class, "a boolean (true or false)");
  }

  /** An integer that must fit in a non-negative int; null when absent. */
  Integer optionalNonNegativeInt(String key) {
    Object value = scalar(key, Long.class, "an integer");
    if (value == null) {
      return null;
    }
    long number = (Long) value;
    if (number < 0 || number > Integer.MAX_VALUE) {
      throw error(
          key, keyPath(key) + " must be between 0 and " + Integer.MAX_VALUE + ", not " + number);
    }
    return (int) number;
  }

  Long optionalLong(String key) {
    return (Long) scalar(key, Long.class, "an integer");
  }

  /** A list whose items are all strings; null when absent. */
  List<String> optionalStringList(String key) {
    Node node = table.entries().get(key);
    if (node == null) {
      return null;
    }
    if (!(node instanceof Node.Array array)) {
      throw error(key, keyPath(key) + " must be a list of strings, not " + node.kind());
    }
    List<String> strings = new ArrayList<>();
    for (Node item : array.items()) {
      if (!(item instanceof Node.Scalar scalar && scalar.value() instanceof String string)) {
        throw errorAt(
            item.position(),
            keyPath(key) + " must be a list of strings, but it holds " + item.kind());
      }
      if (string.indexOf('\0') >= 0) {
        throw errorAt(item.position(), keyPath(key) + " holds a NUL character (\\u0000), which no variable,"
            + " script or argument can carry; remove it");
      }
      strings.add(string);
    }
    return strings;
  }

  /** A table whose values are all strings, in written order; null when absent. */
  Map<String, String> optionalStringTable(String key) {
    TableFields nested = optionalTable(key);
    if (nested == null) {
      return null;
    }
    Map<String, String> strings = new LinkedHashMap<>();
    for (Map.Entry<String, Node> entry : nested.table.entries().entrySet()) {
      strings.put(entry.getKey(), nested.optionalString(entry.getKey()));
    }
    return strings;
  }

  TableFields optionalTable(String key) {
    Node node = table.entries().get(key);
    if (node == null) {
      return null;
    }
    if (!(node instanceof Node.Table nested)) {
      throw error(key, keyPath(key) + " must be a table, not " + node.kind());
    }
    return new TableFields(nested, keyPath(key));
  }

  /** The raw node, for values that can take more than one shape; null when absent. */
  Node node(String key) {
    return table.entries().get(key);
  }

  private Object scalar(String key, Class<?> type, String expected) {
    Node node = table.entries().get(key);
    if (node == null) {
      return null;
    }
    if (node instanceof Node.Scalar scalar && type.isInstance(scalar.value())) {
      return scalar.value();
    }
    if (node instanceof Node.Scalar scalar && scalar.value() instanceof BigInteger) {
      throw error(key, keyPath(key) + " is too large");
    }
    throw error(key, keyPath(key) + " must be " + expected + ", not " + node.kind());
  }
}
