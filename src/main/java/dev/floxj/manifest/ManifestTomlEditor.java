package dev.floxj.manifest;

import dev.floxj.FloxjException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Adds and removes {@code [install]} entries of manifest.toml as text edits, so that every comment,
 * blank line and the layout of everything else stay as the user wrote them. tomlj only reads TOML;
 * the positions it reports say which lines an entry occupies, and the result is parsed again before
 * it is returned.
 */
public final class ManifestTomlEditor {
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern INSTALL_HEADER =
      Pattern.compile("\\[\\s*\"?install\"?\\s*\\]\\s*(#.*)?");

  private final String label;
  private final List<String> lines;
  private final String newline;
  private final TomlDocument parsed;

  private ManifestTomlEditor(String toml, String label) {
    this.label = label;
    this.lines = splitLines(toml);
    this.newline = toml.contains("\r\n") ? "\r\n" : "\n";
    this.parsed = parse(toml, label);
  }

  /**
   * {@code toml} with {@code installId} installing {@code descriptor}: appended to the entries of
   * an {@code [install]} table as {@code id.key = value} lines, or else as a new table at the end.
   */
  public static String addInstall(
      String toml, String installId, Descriptor descriptor, String label) {
    ManifestTomlEditor editor = new ManifestTomlEditor(toml, label);
    TomlParseResult document = editor.parsed.result();
    TomlTable install = document.getTable("install");
    List<String> entry = new ArrayList<>();
    String result;
    if (install != null && install.get(List.of(installId)) != null) {
      throw new FloxjException(
          label + " already has an install id '" + installId + "'; choose another with --id.");
    }
    int headerLine = install == null ? -1 : editor.headerLine(document.inputPositionOf("install"));
    if (headerLine >= 0 && INSTALL_HEADER.matcher(editor.lines.get(headerLine).strip()).matches()) {
      keyLines(descriptor).forEach(line -> entry.add(key(installId) + "." + line));
      int after = editor.lastStatementLine(document, install, headerLine);
      result = editor.insertAfter(after, entry);
    } else {
      entry.add("");
      entry.add(install == null ? "[install]" : "[install." + key(installId) + "]");
      String prefix = install == null ? key(installId) + "." : "";
      keyLines(descriptor).forEach(line -> entry.add(prefix + line));
      result = editor.insertAfter(editor.lines.size() - 1, entry);
    }
    TomlTable edited = parse(result, label).result().getTable("install");
    if (edited == null || edited.get(List.of(installId)) == null) {
      throw editor.cannotEdit("add '" + installId + "' to", "the entry did not land in [install]");
    }
    return result;
  }

  /** {@code toml} without the lines that define {@code installId} in {@code [install]}. */
  public static String removeInstall(String toml, String installId, String label) {
    ManifestTomlEditor editor = new ManifestTomlEditor(toml, label);
    TomlParseResult document = editor.parsed.result();
    TomlTable install = document.getTable("install");
    Object entry = install == null ? null : install.get(List.of(installId));
    if (entry == null) {
      throw new FloxjException(
          label + " has no install id '" + installId + "'; `floxj list` shows the installed ones.");
    }
    SortedSet<Integer> remove = new TreeSet<>();
    TomlPosition position = install.inputPositionOf(List.of(installId));
    int headerLine = editor.headerLine(position);
    if (headerLine >= 0 && entry instanceof TomlTable) {
      int end = editor.sectionEnd(document, headerLine);
      for (int line = headerLine; line <= end; line++) {
        remove.add(line);
      }
    } else {
      for (int start : editor.statementStarts(entry, position)) {
        for (int line = start; line <= editor.statementEnd(start); line++) {
          remove.add(line);
        }
      }
    }
    StringBuilder result = new StringBuilder();
    for (int i = 0; i < editor.lines.size(); i++) {
      if (!remove.contains(i)) {
        result.append(editor.lines.get(i));
      }
    }
    TomlTable edited = parse(result.toString(), label).result().getTable("install");
    if (edited != null && edited.get(List.of(installId)) != null) {
      throw editor.cannotEdit("remove '" + installId + "' from", "part of its entry remained");
    }
    return result.toString();
  }

  /** The keys a descriptor is written with, e.g. {@code pkg-path = "hello"}. */
  private static List<String> keyLines(Descriptor descriptor) {
    List<String> keys = new ArrayList<>();
    if (descriptor instanceof CatalogDescriptor catalog) {
      keys.add("pkg-path = " + quoted(catalog.pkgPath()));
      if (catalog.version() != null) {
        keys.add("version = " + quoted(catalog.version()));
      }
      if (catalog.pkgGroup() != null) {
        keys.add("pkg-group = " + quoted(catalog.pkgGroup()));
      }
    } else if (descriptor instanceof FlakeDescriptor flake) {
      keys.add("flake = " + quoted(flake.flake()));
    } else {
      keys.add("store-path = " + quoted(((StorePathDescriptor) descriptor).storePath().path()));
    }
    if (descriptor.priority() != null) {
      keys.add("priority = " + descriptor.priority());
    }
    return keys;
  }

  /**
   * The lines where the statements defining an entry start: its own line for a value or an empty
   * table, else those of its keys (dotted keys each have a line; an inline table's keys share its).
   */
  private List<Integer> statementStarts(Object value, TomlPosition position) {
    List<Integer> starts = new ArrayList<>();
    if (!(value instanceof TomlTable table) || table.isEmpty()) {
      starts.add(parsed.line(position) - 1);
      return starts;
    }
    for (String child : table.keySet()) {
      starts.addAll(
          statementStarts(table.get(List.of(child)), table.inputPositionOf(List.of(child))));
    }
    return starts;
  }

  /** The last line of the statement starting at {@code start}: the first one that parses alone. */
  private int statementEnd(int start) {
    StringBuilder snippet = new StringBuilder();
    for (int end = start; end < lines.size(); end++) {
      snippet.append(lines.get(end));
      if (!TomlDocument.parse(snippet.toString()).result().hasErrors()) {
        return end;
      }
    }
    return start;
  }

  /** The 0-based line of a table's {@code [header]}, or -1 when the table has no header line. */
  private int headerLine(TomlPosition position) {
    if (position == null) {
      return -1;
    }
    int line = parsed.line(position) - 1;
    return lines.get(line).strip().startsWith("[") ? line : -1;
  }

  /** The last line of the last statement in the section that starts at {@code headerLine}. */
  private int lastStatementLine(TomlParseResult document, TomlTable install, int headerLine) {
    int nextHeader = nextHeaderLine(document, headerLine);
    int last = headerLine;
    for (String key : install.keySet()) {
      Object value = install.get(List.of(key));
      for (int start : statementStarts(value, install.inputPositionOf(List.of(key)))) {
        if (start > headerLine && start < nextHeader) {
          last = Math.max(last, statementEnd(start));
        }
      }
    }
    return last;
  }

  /** The last line of a section's own statements (comments after them belong to what follows). */
  private int sectionEnd(TomlParseResult document, int headerLine) {
    int nextHeader = nextHeaderLine(document, headerLine);
    int last = headerLine;
    for (int start : allStatementStarts(document)) {
      if (start > headerLine && start < nextHeader) {
        last = Math.max(last, statementEnd(start));
      }
    }
    return last;
  }

  private int nextHeaderLine(TomlParseResult document, int after) {
    int next = lines.size();
    for (int start : allStatementStarts(document)) {
      if (start > after && start < next && lines.get(start).strip().startsWith("[")) {
        next = start;
      }
    }
    return next;
  }

  /** The line of every key and table header in the document. */
  private SortedSet<Integer> allStatementStarts(TomlParseResult document) {
    SortedSet<Integer> starts = new TreeSet<>();
    collect(document, starts);
    return starts;
  }

  private void collect(TomlTable table, SortedSet<Integer> starts) {
    for (String key : table.keySet()) {
      TomlPosition position = table.inputPositionOf(List.of(key));
      if (position != null) {
        starts.add(parsed.line(position) - 1);
      }
      Object value = table.get(List.of(key));
      if (value instanceof TomlTable nested) {
        collect(nested, starts);
      } else if (value instanceof TomlArray array) {
        for (int i = 0; i < array.size(); i++) {
          if (array.get(i) instanceof TomlTable element) {
            TomlPosition elementPosition = array.inputPositionOf(i);
            if (elementPosition != null) {
              starts.add(parsed.line(elementPosition) - 1);
            }
            collect(element, starts);
          }
        }
      }
    }
  }

  private String insertAfter(int line, List<String> newLines) {
    StringBuilder result = new StringBuilder();
    for (int i = 0; i <= line && i < lines.size(); i++) {
      result.append(lines.get(i));
    }
    if (result.length() > 0 && result.charAt(result.length() - 1) != '\n') {
      result.append(newline);
    }
    for (String newLine : newLines) {
      result.append(newLine).append(newline);
    }
    for (int i = line + 1; i < lines.size(); i++) {
      result.append(lines.get(i));
    }
    return result.toString();
  }

  private static TomlDocument parse(String toml, String label) {
    TomlDocument document = TomlDocument.parse(toml);
    TomlParseResult result = document.result();
    if (result.hasErrors()) {
      throw new FloxjException(
          label
              + ":"
              + document.line(result.errors().get(0).position())
              + ":"
              + result.errors().get(0).position().column()
              + ": invalid TOML: "
              + result.errors().get(0).getMessage()
              + "; fix the syntax (floxj edit) and try again.");
    }
    return document;
  }

  private FloxjException cannotEdit(String what, String why) {
    return new FloxjException(
        "floxj could not "
            + what
            + " "
            + label
            + " by itself ("
            + why
            + "); edit it with `floxj"
            + " edit`.");
  }

  private static List<String> splitLines(String text) {
    List<String> result = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      end = end < 0 ? text.length() : end + 1;
      result.add(text.substring(start, end));
      start = end;
    }
    return result;
  }

  private static String key(String key) {
    return BARE_KEY.matcher(key).matches() ? key : quoted(key);
  }

  /** A TOML basic string. */
  public static String quoted(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\t' -> quoted.append("\\t");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
