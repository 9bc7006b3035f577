package dev.floxj.manifest;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * A descriptor's {@code outputs}: not given, {@code "all"}, or a list of output names.
 *
 * @param names the requested names, without repeats, for {@link Kind#NAMED}; empty otherwise
 */
public record OutputSelection(Kind kind, List<String> names) {
  /** Which of the three forms {@code outputs} takes. */
  public enum Kind {
    /** No {@code outputs} key: the schema decides (see the resolver). */
    UNSPECIFIED,
    /** {@code outputs = "all"}. */
    ALL,
    /** {@code outputs = ["out", ...]}. */
    NAMED
  }

  public static final OutputSelection UNSPECIFIED =
      new OutputSelection(Kind.UNSPECIFIED, List.of());
  public static final OutputSelection ALL = new OutputSelection(Kind.ALL, List.of());

  public OutputSelection {
    names = List.copyOf(new LinkedHashSet<>(names));
    if ((kind == Kind.NAMED) == names.isEmpty()) {
      throw new IllegalArgumentException("output names go with NAMED, and NAMED needs names");
    }
  }

  public static OutputSelection named(List<String> names) {
    return new OutputSelection(Kind.NAMED, names);
  }

  /** The value as written in a manifest: {@code "all"}, {@code ["out", "man"]} or "(not given)". */
  @Override
  public String toString() {
    switch (kind) {
      case ALL:
        return "\"all\"";
      case NAMED:
        return names.stream().map(n -> "\"" + n + "\"").toList().toString();
      default:
        return "(not given)";
    }
  }
}
