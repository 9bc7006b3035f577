package dev.floxj.activation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The value of an environment variable as the manifest's {@code [vars]} writes it: text in which
 * {@code $NAME} and {@code ${NAME}} refer to other variables, resolved when the environment is
 * activated. Every other character, a {@code $} not followed by a name included, stands for
 * itself: no command substitution, no other expansion.
 */
public record VariableValue(List<Part> parts) {

  /** A piece of a value: literal text, or a reference to a variable. */
  public sealed interface Part permits Text, Reference {}

  /** Text taken as it is. */
  public record Text(String text) implements Part {}

  /** A reference to the variable {@code name}. */
  public record Reference(String name) implements Part {}

  public VariableValue {
    parts = List.copyOf(parts);
  }

  public static VariableValue parse(String value) {
    List<Part> parts = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      int nameStart = c != '$' ? -1 : value.startsWith("{", i + 1) ? i + 2 : i + 1;
      int nameEnd = nameStart < 0 ? -1 : nameEnd(value, nameStart);
      boolean braced = nameStart == i + 2;
      boolean isReference =
          nameEnd > nameStart && (!braced || value.startsWith("}", nameEnd));
      if (!isReference) {
        text.append(c);
        i++;
        continue;
      }
      if (!text.isEmpty()) {
        parts.add(new Text(text.toString()));
        text.setLength(0);
      }
      parts.add(new Reference(value.substring(nameStart, nameEnd)));
      i = braced ? nameEnd + 1 : nameEnd;
    }
    if (!text.isEmpty()) {
      parts.add(new Text(text.toString()));
    }
    return new VariableValue(parts);
  }

  /** A value that is only text. */
  public static VariableValue text(String text) {
    return new VariableValue(text.isEmpty() ? List.of() : List.of(new Text(text)));
  }

  /** Whether the value is the same in every container: it refers to no variable. */
  public boolean isPlain() {
    return parts.stream().noneMatch(Reference.class::isInstance);
  }

  /** The names the value refers to, in order, repeats included. */
  public List<String> references() {
    return parts.stream()
        .filter(Reference.class::isInstance)
        .map(part -> ((Reference) part).name())
        .toList();
  }

  /**
   * The value as one POSIX shell word: text single-quoted, references as {@code "${NAME}"}, so
   * that the shell expands the references and nothing else.
   */
  public String shellWord() {
    if (parts.isEmpty()) {
      return "''";
    }
    StringBuilder word = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Text t) {
        word.append(ShellQuoting.quote(t.text()));
      } else {
        word.append("\"${").append(((Reference) part).name()).append("}\"");
      }
    }
    return word.toString();
  }

  /** The value with references replaced from {@code values}; unknown ones become empty, as in sh. */
  public String expand(Map<String, String> values) {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Text t) {
        out.append(t.text());
      } else {
        out.append(values.getOrDefault(((Reference) part).name(), ""));
      }
    }
    return out.toString();
  }

  /** The end of a shell name ([A-Za-z_][A-Za-z0-9_]*) starting at {@code start}. */
  private static int nameEnd(String value, int start) {
    int end = start;
    while (end < value.length() && isNameChar(value.charAt(end), end == start)) {
      end++;
    }
    return end;
  }

  private static boolean isNameChar(char c, boolean first) {
    boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    return letter || (!first && c >= '0' && c <= '9');
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      out.append(part instanceof Text t ? t.text() : "${" + ((Reference) part).name() + "}");
    }
    return out.toString();
  }
}
