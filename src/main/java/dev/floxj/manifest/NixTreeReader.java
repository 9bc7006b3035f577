package dev.floxj.manifest;

import dev.floxj.FloxjException;
import dev.floxj.manifest.NixToken.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the declarative subset of the Nix language that flox.nix uses into a {@link Node.Table}:
 * attribute sets (with dotted attribute paths, merged as Nix merges them), lists, strings, indented
 * strings, integers, booleans, {@code null} and comments. Everything else — functions, {@code let},
 * {@code with}, {@code rec}, {@code inherit}, {@code import}, variables, operators, paths,
 * interpolation — is an error at its line and column, never a guess. The one exception is the
 * {@code { ... }:} header of flox 0.x's template: a function that ignores its arguments.
 */
final class NixTreeReader {
  private static final String SUBSET =
      "floxj reads only the declarative part of Nix that flox.nix uses (attribute sets, lists,"
          + " strings, integers, true, false, null)";

  private static final Set<String> KEYWORDS =
      Set.of("let", "in", "with", "rec", "inherit", "if", "then", "else", "assert");

  /**
   * How deep sets, lists and attribute path parts may nest. flox.nix needs five or so; a limit
   * keeps a hostile file from overflowing the stack (and dotted paths from costing their square).
   */
  static final int MAX_DEPTH = 64;

  private final List<NixToken> tokens;
  private int index;
  private int depth;

  private NixTreeReader(List<NixToken> tokens) {
    this.tokens = tokens;
  }

  /** Reads a document whose value must be an attribute set. */
  static Node.Table read(String text, String fileLabel) {
    NixTreeReader reader = new NixTreeReader(NixLexer.tokenize(text, fileLabel));
    reader.skipArgumentIgnoringHeader();
    NixToken first = reader.peek(0);
    Object value = reader.value(false);
    if (!(value instanceof AttributeSet attributes)) {
      throw error(
          first.position(),
          "flox.nix must be one attribute set, { ... }, but it starts with " + first.describe());
    }
    NixToken after = reader.next();
    if (after.is(Type.COLON)) {
      throw functionError(after);
    }
    if (!after.is(Type.END)) {
      throw error(
          after.position(), "unexpected " + after.describe() + " after the closing '}'; " + SUBSET);
    }
    return attributes.toNode();
  }

  /** An error at a position: {@code file:line:column: message.} */
  static FloxjException error(SourcePosition position, String message) {
    return new FloxjException(position.label() + ": " + message + ".");
  }

  /** flox 0.x's template starts with {@code {...}:}, a function that uses none of its arguments. */
  private void skipArgumentIgnoringHeader() {
    if (peek(0).is(Type.LEFT_BRACE)
        && peek(1).is(Type.ELLIPSIS)
        && peek(2).is(Type.RIGHT_BRACE)
        && peek(3).is(Type.COLON)) {
      index += 4;
    }
  }

  /**
   * @param inList whether the value is a list item, where Nix takes no {@code -} before numbers
   */
  private Object value(boolean inList) {
    NixToken token = next();
    switch (token.type()) {
      case LEFT_BRACE:
        enter(token, 1);
        AttributeSet set = attributeSet(token);
        depth--;
        return set;
      case LEFT_BRACKET:
        enter(token, 1);
        Node.Array list = list(token);
        depth--;
        return list;
      case STRING:
      case INDENTED_STRING:
        return new Node.Scalar(token.text(), token.position());
      case INTEGER:
        return new Node.Scalar(integer(token, ""), token.position());
      case OPERATOR:
        if (token.text().equals("-") && peek(0).is(Type.INTEGER) && !inList) {
          return new Node.Scalar(integer(next(), "-"), token.position());
        }
        throw unsupported(token, "operators such as " + token.describe() + " are not supported");
      case IDENTIFIER:
        return identifierValue(token);
      case FLOAT:
        throw unsupported(token, "floating-point numbers are not supported");
      case PATH:
        throw unsupported(
            token, "paths such as " + token.text() + " are not supported; write a string instead");
      case URI:
        throw unsupported(token, "unquoted URLs are not supported; put the URL in quotes");
      case INTERPOLATION:
        throw unsupported(token, "interpolation (${...}) is not supported");
      default:
        throw error(token.position(), "expected a value but found " + token.describe());
    }
  }

  private Object identifierValue(NixToken token) {
    switch (token.text()) {
      case "true":
        return new Node.Scalar(Boolean.TRUE, token.position());
      case "false":
        return new Node.Scalar(Boolean.FALSE, token.position());
      case "null":
        return new Node.Scalar(null, token.position());
      case "let":
        throw unsupported(token, "'let ... in' is not supported");
      case "with":
        throw unsupported(token, "'with' is not supported");
      case "rec":
        throw unsupported(token, "recursive attribute sets ('rec') are not supported");
      case "import":
        throw unsupported(token, "'import' is not supported");
      case "if":
      case "assert":
        throw unsupported(token, "'" + token.text() + "' is not supported");
      default:
        if (peek(0).is(Type.COLON) || peek(0).is(Type.AT)) {
          throw functionError(token);
        }
        throw unsupported(
            token,
            "the variable '"
                + token.text()
                + "' cannot be used: values must be written out, not computed");
    }
  }

  private AttributeSet attributeSet(NixToken open) {
    if (looksLikeFunctionArguments()) {
      throw functionError(open);
    }
    AttributeSet attributes = new AttributeSet(open.position());
    while (true) {
      NixToken token = peek(0);
      if (token.is(Type.RIGHT_BRACE)) {
        next();
        return attributes;
      }
      if (token.is(Type.END)) {
        throw error(open.position(), "this attribute set is never closed; end it with '}'");
      }
      binding(attributes);
    }
  }

  /** {@code { a, b }:} or {@code { a ? 1, ... }:} — a function's argument pattern. */
  private boolean looksLikeFunctionArguments() {
    if (peek(0).is(Type.RIGHT_BRACE)) {
      return peek(1).is(Type.COLON) || peek(1).is(Type.AT);
    }
    if (peek(0).is(Type.ELLIPSIS)) {
      return true;
    }
    return peek(0).is(Type.IDENTIFIER)
        && (peek(1).is(Type.COMMA)
            || peek(1).is(Type.QUESTION)
            || (peek(1).is(Type.RIGHT_BRACE) && peek(2).is(Type.COLON)));
  }

  /** {@code a.b."c" = value;} */
  private void binding(AttributeSet attributes) {
    NixToken first = peek(0);
    if (first.isIdentifier("inherit")) {
      throw unsupported(first, "'inherit' is not supported; write each attribute out");
    }
    List<NixToken> path = new ArrayList<>();
    path.add(attributeName());
    while (peek(0).is(Type.DOT)) {
      next();
      path.add(attributeName());
      if (depth + path.size() > MAX_DEPTH) {
        enter(path.get(path.size() - 1), path.size());
      }
    }
    NixToken equals = next();
    if (!equals.is(Type.EQUALS)) {
      throw error(
          equals.position(),
          "expected '=' after '" + dotted(path) + "' but found " + equals.describe());
    }
    depth += path.size() - 1;
    Object value = value(false);
    depth -= path.size() - 1;
    NixToken end = next();
    if (!end.is(Type.SEMICOLON)) {
      String found =
          end.is(Type.OPERATOR)
              ? "operators such as " + end.describe() + " are not supported"
              : "expected ';' after the value of '"
                  + dotted(path)
                  + "' but found "
                  + end.describe();
      throw end.is(Type.OPERATOR) ? unsupported(end, found) : error(end.position(), found);
    }
    attributes.define(path, value);
  }

  private NixToken attributeName() {
    NixToken token = next();
    if (token.is(Type.STRING)) {
      return token;
    }
    if (token.is(Type.IDENTIFIER) && !KEYWORDS.contains(token.text())) {
      return token;
    }
    if (token.is(Type.INTERPOLATION)) {
      throw unsupported(token, "computed attribute names (${...}) are not supported");
    }
    if (token.is(Type.IDENTIFIER)) {
      throw unsupported(token, "'" + token.text() + "' is not supported");
    }
    throw error(token.position(), "expected an attribute name but found " + token.describe());
  }

  private Node.Array list(NixToken open) {
    List<Node> items = new ArrayList<>();
    while (true) {
      NixToken token = peek(0);
      if (token.is(Type.RIGHT_BRACKET)) {
        next();
        return new Node.Array(items, open.position());
      }
      if (token.is(Type.END)) {
        throw error(open.position(), "this list is never closed; end it with ']'");
      }
      Object item = value(true);
      items.add(item instanceof AttributeSet attributes ? attributes.toNode() : (Node) item);
    }
  }

  /** Goes {@code levels} deeper, refusing to pass {@link #MAX_DEPTH}. */
  private void enter(NixToken at, int levels) {
    depth += levels;
    if (depth > MAX_DEPTH) {
      throw error(
          at.position(),
          "values nest more than "
              + MAX_DEPTH
              + " deep here (attribute sets, lists and the parts of dotted names), far more than"
              + " flox.nix needs; flatten them");
    }
  }

  private static Long integer(NixToken token, String sign) {
    try {
      return Long.parseLong(sign + token.text());
    } catch (NumberFormatException e) {
      throw error(token.position(), "the integer " + sign + token.text() + " is too large");
    }
  }

  private static FloxjException unsupported(NixToken token, String what) {
    return error(token.position(), what + "; " + SUBSET);
  }

  private static FloxjException functionError(NixToken token) {
    return error(
        token.position(),
        "functions are not supported (only the '{ ... }:' header that ignores its arguments is"
            + " accepted); "
            + SUBSET);
  }

  private static String dotted(List<NixToken> path) {
    return String.join(".", path.stream().map(NixToken::text).toList());
  }

  private NixToken next() {
    NixToken token = tokens.get(index);
    if (!token.is(Type.END)) {
      index++;
    }
    return token;
  }

  private NixToken peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  /**
   * An attribute set being read. Bindings with dotted paths create the sets on the way, and two
   * bindings may add to the same set (as Nix allows), but no attribute may be defined twice.
   */
  private static final class AttributeSet {
    private final SourcePosition position;
    private final Map<String, Object> entries = new LinkedHashMap<>();
    private final Map<String, SourcePosition> definedAt = new LinkedHashMap<>();

    AttributeSet(SourcePosition position) {
      this.position = position;
    }

    void define(List<NixToken> path, Object value) {
      AttributeSet target = this;
      for (int i = 0; i < path.size() - 1; i++) {
        NixToken name = path.get(i);
        Object existing = target.entries.get(name.text());
        if (existing == null) {
          AttributeSet created = new AttributeSet(name.position());
          target.entries.put(name.text(), created);
          target.definedAt.put(name.text(), name.position());
          target = created;
        } else if (existing instanceof AttributeSet nested) {
          target = nested;
        } else {
          throw alreadyDefined(name, target.definedAt.get(name.text()));
        }
      }
      NixToken last = path.get(path.size() - 1);
      target.put(last, value);
    }

    private void put(NixToken name, Object value) {
      Object existing = entries.get(name.text());
      if (existing == null) {
        entries.put(name.text(), at(value, name.position()));
        definedAt.put(name.text(), name.position());
      } else if (existing instanceof AttributeSet into && value instanceof AttributeSet from) {
        from.entries.forEach(
            (key, nested) ->
                into.put(new NixToken(Type.IDENTIFIER, key, from.definedAt.get(key)), nested));
      } else {
        throw alreadyDefined(name, definedAt.get(name.text()));
      }
    }

    /** The value, positioned at the name it is bound to: messages point at keys, as for TOML. */
    private static Object at(Object value, SourcePosition namePosition) {
      if (value instanceof AttributeSet set) {
        AttributeSet moved = new AttributeSet(namePosition);
        moved.entries.putAll(set.entries);
        moved.definedAt.putAll(set.definedAt);
        return moved;
      }
      if (value instanceof Node.Array array) {
        return new Node.Array(array.items(), namePosition);
      }
      return new Node.Scalar(((Node.Scalar) value).value(), namePosition);
    }

    private static FloxjException alreadyDefined(NixToken name, SourcePosition first) {
      return error(
          name.position(),
          "the attribute '"
              + name.text()
              + "' is already defined at line "
              + first.line()
              + ", column "
              + first.column()
              + "; define it once");
    }

    Node.Table toNode() {
      Map<String, Node> nodes = new LinkedHashMap<>();
      entries.forEach(
          (key, value) ->
              nodes.put(key, value instanceof AttributeSet set ? set.toNode() : (Node) value));
      return new Node.Table(nodes, position);
    }
  }
}
