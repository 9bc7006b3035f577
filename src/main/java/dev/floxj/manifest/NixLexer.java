package dev.floxj.manifest;

import dev.floxj.manifest.NixToken.Type;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Splits Nix source text into tokens, decoding strings on the way: escapes in {@code "..."}
 * strings, and the escapes and indentation stripping of {@code ''...''} strings, as Nix does.
 * Interpolation ({@code ${...}}) inside a string is an error here, at its position.
 */
final class NixLexer {
  private final String text;
  private final String file;
  private final List<NixToken> tokens = new ArrayList<>();
  private int offset;
  private int line = 1;
  private int column = 1;
  /** Where the run of path characters that the last {@link #startsPath} scanned ends. */
  private int pathRunEnd;

  private NixLexer(String text, String file) {
    this.text = text;
    this.file = file;
  }

  /** Every token of {@code text}, the last one {@link Type#END}. */
  static List<NixToken> tokenize(String text, String fileLabel) {
    NixLexer lexer = new NixLexer(text, fileLabel);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      SourcePosition start = here();
      if (offset >= text.length()) {
        tokens.add(new NixToken(Type.END, "", start));
        return;
      }
      tokens.add(next(start));
    }
  }

  private NixToken next(SourcePosition start) {
    char c = peek(0);
    if (c == '"') {
      advance(1);
      return new NixToken(Type.STRING, doubleQuoted(start), start);
    }
    if (c == '\'' && peek(1) == '\'') {
      advance(2);
      return new NixToken(Type.INDENTED_STRING, indented(start), start);
    }
    if (c == '$' && peek(1) == '{') {
      advance(2);
      return new NixToken(Type.INTERPOLATION, "${", start);
    }
    if (startsPath()) {
      return token(Type.PATH, pathLength(), start);
    }
    if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
      return number(start);
    }
    if (isIdentifierStart(c)) {
      int length = 1;
      while (isIdentifierPart(peek(length))) {
        length++;
      }
      if (peek(length) == ':' && isUriCharacter(peek(length + 1))) {
        int end = length + 1;
        while (isUriCharacter(peek(end))) {
          end++;
        }
        return token(Type.URI, end, start);
      }
      return token(Type.IDENTIFIER, length, start);
    }
    if (text.startsWith("...", offset)) {
      return token(Type.ELLIPSIS, 3, start);
    }
    switch (c) {
      case '{':
        return token(Type.LEFT_BRACE, 1, start);
      case '}':
        return token(Type.RIGHT_BRACE, 1, start);
      case '[':
        return token(Type.LEFT_BRACKET, 1, start);
      case ']':
        return token(Type.RIGHT_BRACKET, 1, start);
      case ';':
        return token(Type.SEMICOLON, 1, start);
      case '.':
        return token(Type.DOT, 1, start);
      case ':':
        return token(Type.COLON, 1, start);
      case ',':
        return token(Type.COMMA, 1, start);
      case '?':
        return token(Type.QUESTION, 1, start);
      case '@':
        return token(Type.AT, 1, start);
      case '=':
        return token(peek(1) == '=' ? Type.OPERATOR : Type.EQUALS, peek(1) == '=' ? 2 : 1, start);
      default:
        return operator(start);
    }
  }

  private NixToken operator(SourcePosition start) {
    for (String operator : List.of("//", "++", "!=", "<=", ">=", "&&", "||", "->")) {
      if (text.startsWith(operator, offset)) {
        return token(Type.OPERATOR, operator.length(), start);
      }
    }
    if ("+-*/<>!()".indexOf(peek(0)) >= 0) {
      return token(Type.OPERATOR, 1, start);
    }
    throw NixTreeReader.error(
        start, "unexpected character '" + text.substring(offset, offset + 1) + "'");
  }

  private NixToken number(SourcePosition start) {
    int length = 0;
    while (Character.isDigit(peek(length))) {
      length++;
    }
    boolean isFloat =
        peek(length) == '.' && Character.isDigit(peek(length + 1))
            || length == 0
            || peek(length) == 'e'
            || peek(length) == 'E';
    if (isFloat) {
      length++;
      while (Character.isLetterOrDigit(peek(length))
          || peek(length) == '.'
          || peek(length) == '-'
          || peek(length) == '+') {
        length++;
      }
      return token(Type.FLOAT, length, start);
    }
    return token(Type.INTEGER, length, start);
  }

  private NixToken token(Type type, int length, SourcePosition start) {
    String tokenText = text.substring(offset, offset + length);
    advance(length);
    return new NixToken(type, tokenText, start);
  }

  /**
   * A {@code "..."} string after its opening quote: Nix keeps any escaped character but n, r, t.
   */
  private String doubleQuoted(SourcePosition start) {
    StringBuilder value = new StringBuilder();
    while (true) {
      if (offset >= text.length()) {
        throw NixTreeReader.error(start, "this string is never closed; end it with '\"'");
      }
      char c = peek(0);
      if (c == '"') {
        advance(1);
        return value.toString();
      }
      if (c == '\\' && offset + 1 < text.length()) {
        value.append(unescape(peek(1)));
        advance(2);
      } else if (c == '$' && peek(1) == '{') {
        throw interpolation();
      } else if (c == '$' && peek(1) == '$') {
        // "$$" keeps both characters and takes away the meaning of a following '{'.
        value.append("$$");
        advance(2);
      } else {
        value.append(c);
        advance(1);
      }
    }
  }

  /**
   * A {@code ''...''} string after its opening quotes. As in Nix, a first line holding only spaces
   * is dropped; {@link IndentedString} strips the rest.
   */
  private String indented(SourcePosition start) {
    int spaces = 0;
    while (peek(spaces) == ' ') {
      spaces++;
    }
    if (peek(spaces) == '\n') {
      advance(spaces + 1);
    }
    StringBuilder raw = new StringBuilder();
    BitSet escaped = new BitSet();
    while (true) {
      if (offset >= text.length()) {
        throw NixTreeReader.error(start, "this indented string is never closed; end it with ''");
      }
      char c = peek(0);
      if (c == '\'' && peek(1) == '\'') {
        if (peek(2) == '$') {
          escaped.set(raw.length());
          raw.append('$');
          advance(3);
        } else if (peek(2) == '\'') {
          escaped.set(raw.length(), raw.length() + 2);
          raw.append("''");
          advance(3);
        } else if (peek(2) == '\\' && offset + 3 < text.length()) {
          escaped.set(raw.length());
          raw.append(unescape(peek(3)));
          advance(4);
        } else {
          advance(2);
          return IndentedString.strip(raw.toString(), escaped);
        }
      } else if (c == '$' && peek(1) == '{') {
        throw interpolation();
      } else if (c == '$' && peek(1) == '$') {
        raw.append("$$");
        advance(2);
      } else {
        raw.append(c);
        advance(1);
      }
    }
  }

  private static char unescape(char c) {
    switch (c) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return c;
    }
  }

  private RuntimeException interpolation() {
    return NixTreeReader.error(
        here(),
        "string interpolation (${...}) is not supported; write the value out, and write a"
            + " literal ${ as ''${ in an indented string or \\${ in a \"...\" string");
  }

  private void skipSpaceAndComments() {
    while (offset < text.length()) {
      char c = peek(0);
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        advance(1);
      } else if (c == '#') {
        while (offset < text.length() && peek(0) != '\n') {
          advance(1);
        }
      } else if (c == '/' && peek(1) == '*') {
        SourcePosition start = here();
        int end = text.indexOf("*/", offset + 2);
        if (end < 0) {
          throw NixTreeReader.error(start, "this comment is never closed; end it with */");
        }
        advance(end + 2 - offset);
      } else {
        return;
      }
    }
  }

  /**
   * Nix path literals: {@code ./x}, {@code ../x}, {@code /x}, {@code ~/x}, {@code <x>}, {@code
   * a/b}.
   */
  private boolean startsPath() {
    char c = peek(0);
    if (c == '<') {
      int length = 1;
      while (isPathCharacter(peek(length))) {
        length++;
      }
      return length > 1 && peek(length) == '>';
    }
    if (c == '~') {
      return peek(1) == '/';
    }
    // The run of path characters from here ends where the last scan's did when this is inside
    // it: scanning again at every token of a.b.c... would cost the square of its length.
    if (offset >= pathRunEnd || !isPathCharacter(c)) {
      pathRunEnd = offset;
      while (isPathCharacter(peek(pathRunEnd - offset))) {
        pathRunEnd++;
      }
    }
    int length = pathRunEnd - offset;
    return peek(length) == '/' && isPathCharacter(peek(length + 1));
  }

  private int pathLength() {
    if (peek(0) == '<') {
      return text.indexOf('>', offset) - offset + 1;
    }
    int length = 1;
    while (isPathCharacter(peek(length)) || peek(length) == '/') {
      length++;
    }
    return length;
  }

  private static boolean isPathCharacter(char c) {
    return Character.isLetterOrDigit(c) || "._-+~".indexOf(c) >= 0;
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  private static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '\'' || c == '-';
  }

  private static boolean isUriCharacter(char c) {
    return Character.isLetterOrDigit(c) || "%/?:@&=+$,-_.!~*'".indexOf(c) >= 0;
  }

  private char peek(int ahead) {
    int index = offset + ahead;
    return index < text.length() ? text.charAt(index) : '\0';
  }

  private void advance(int count) {
    for (int i = 0; i < count; i++) {
      if (text.charAt(offset) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      offset++;
    }
  }

  private SourcePosition here() {
    return new SourcePosition(file, line, column);
  }
}
