package dev.floxj.manifest;

import java.util.Arrays;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;

/**
 * TOML text parsed by tomlj in time linear in its length, with tomlj's positions turned back into
 * the lines of the text as written.
 *
 * <p>tomlj 2.2.0's ANTLR grammar lets a run of newline tokens be split between its rules in many
 * ways, and prediction tries them: a run of n blank or comment-only lines costs about n³ (4,000
 * blank lines took minutes, 1,000 blank lines inside an array 40 s). Such lines carry no data
 * outside multi-line strings, so they are left out of the text tomlj sees, and a table from the
 * lines tomlj sees to the lines of the file keeps every reported line:column true. Columns need
 * no table: only whole lines are left out. Lines inside multi-line strings are always kept, so
 * the strings' values do not change.
 *
 * <p>tomlj's error recovery after a control character (other than tab) is quadratic in what
 * follows it inside a multi-line string (a fuzzed manifest of 9 KB took 30 s). TOML allows such
 * a character nowhere, and tomlj reports it where it stands, so tomlj is given the text only up
 * to the end of the first line that has one: its first error, the one floxj reports, is the same.
 */
final class TomlDocument {
  private final TomlParseResult result;
  private final int[] originalLines;

  private TomlDocument(TomlParseResult result, int[] originalLines) {
    this.result = result;
    this.originalLines = originalLines;
  }

  /** Parses {@code text}; syntax errors are in {@link #result()}, their lines made true by {@link #line}. */
  static TomlDocument parse(String text) {
    Compacted compacted = compact(text);
    return new TomlDocument(Toml.parse(compacted.text), compacted.originalLines);
  }

  TomlParseResult result() {
    return result;
  }

  /** The 1-based line of the written text where tomlj's {@code position} is. */
  int line(TomlPosition position) {
    int seen = position.line();
    if (seen < 1) {
      return seen;
    }
    if (seen <= originalLines.length) {
      return originalLines[seen - 1];
    }
    int last = originalLines.length == 0 ? 0 : originalLines[originalLines.length - 1];
    return last + (seen - originalLines.length);
  }

  private record Compacted(String text, int[] originalLines) {}

  private enum State {
    NORMAL,
    BASIC,
    LITERAL,
    MULTILINE_BASIC,
    MULTILINE_LITERAL,
    COMMENT
  }

  /**
   * {@code text} without the lines that hold only spaces, tabs and perhaps a comment, outside
   * multi-line strings; one pass over the characters.
   */
  static Compacted compact(String text) {
    StringBuilder kept = new StringBuilder(text.length());
    int[] lines = new int[16];
    int keptCount = 0;
    State state = State.NORMAL;
    int lineStart = 0;
    int lineNumber = 1;
    boolean lineHasContent = false;
    boolean lineStartedInString = false;
    boolean lineHasControl = false;
    int n = text.length();
    int i = 0;
    while (i <= n) {
      char c = i < n ? text.charAt(i) : '\n';
      if (c == '\n') {
        int end = i < n ? i + 1 : n;
        if (lineHasContent || lineStartedInString) {
          if (end > lineStart) {
            kept.append(text, lineStart, end);
            if (keptCount == lines.length) {
              lines = Arrays.copyOf(lines, lines.length * 2);
            }
            lines[keptCount++] = lineNumber;
          }
        }
        if (lineHasControl) {
          break; // tomlj's first error is at or before this line (see the class comment)
        }
        if (state == State.BASIC || state == State.LITERAL || state == State.COMMENT) {
          state = State.NORMAL; // single-line strings and comments end here (or are errors)
        }
        lineStart = i + 1;
        lineNumber++;
        lineHasContent = false;
        lineStartedInString =
            state == State.MULTILINE_BASIC || state == State.MULTILINE_LITERAL;
        i++;
        continue;
      }
      if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f) {
        lineHasControl = true;
        lineHasContent = true; // kept even in a comment, so that tomlj sees it
      }
      switch (state) {
        case NORMAL -> {
          if (c == '#') {
            state = State.COMMENT;
          } else if (c == '"' || c == '\'') {
            lineHasContent = true;
            int run = quoteRun(text, i, c);
            if (run >= 3) {
              state = c == '"' ? State.MULTILINE_BASIC : State.MULTILINE_LITERAL;
              i += 3;
              continue;
            }
            if (run == 2) {
              i += 2; // an empty string
              continue;
            }
            state = c == '"' ? State.BASIC : State.LITERAL;
          } else if (c != ' ' && c != '\t' && c != '\r') {
            lineHasContent = true;
          }
        }
        case BASIC -> {
          lineHasContent = true;
          if (c == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
            i += 2;
            continue;
          }
          if (c == '"') {
            state = State.NORMAL;
          }
        }
        case LITERAL -> {
          lineHasContent = true;
          if (c == '\'') {
            state = State.NORMAL;
          }
        }
        case MULTILINE_BASIC, MULTILINE_LITERAL -> {
          lineHasContent = true;
          char quote = state == State.MULTILINE_BASIC ? '"' : '\'';
          if (state == State.MULTILINE_BASIC && c == '\\' && i + 1 < n && text.charAt(i + 1) != '\n') {
            i += 2;
            continue;
          }
          if (c == quote) {
            int run = quoteRun(text, i, quote);
            if (run >= 3) {
              state = State.NORMAL; // up to two quotes before the closing three are content
            }
            i += run;
            continue;
          }
        }
        case COMMENT -> {
          // Comment text: the line still counts as empty unless something came before it.
        }
      }
      i++;
    }
    return new Compacted(kept.toString(), Arrays.copyOf(lines, keptCount));
  }

  private static int quoteRun(String text, int from, char quote) {
    int end = from;
    while (end < text.length() && text.charAt(end) == quote) {
      end++;
    }
    return end - from;
  }
}
