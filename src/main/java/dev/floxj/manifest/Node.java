package dev.floxj.manifest;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A TOML or JSON value read into one neutral shape, with the position of its key, so that one
 * mapping serves both manifest.toml and the manifest embedded in manifest.lock.
 */
sealed interface Node permits Node.Table, Node.Array, Node.Scalar {

  SourcePosition position();

  /** How an error message names this kind of value, e.g. "a string". */
  String kind();

  /** A table (TOML) or object (JSON); keys keep the order they were written in. */
  record Table(Map<String, Node> entries, SourcePosition position) implements Node {
    public Table {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    @Override
    public String kind() {
      return "a table";
    }
  }

  /** A TOML array or JSON array. */
  record Array(List<Node> items, SourcePosition position) implements Node {
    public Array {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A leaf: a String, Long, BigInteger, Double, Boolean, a java.time value (TOML dates), or null (a
   * JSON null inside an array).
   */
  record Scalar(Object value, SourcePosition position) implements Node {
    @Override
    public String kind() {
      if (value == null) {
        return "null";
      } else if (value instanceof String) {
        return "a string";
      } else if (value instanceof Long || value instanceof BigInteger) {
        return "an integer";
      } else if (value instanceof Double) {
        return "a floating-point number";
      } else if (value instanceof Boolean) {
        return "a boolean";
      }
      return "a date or time";
    }
  }
}
