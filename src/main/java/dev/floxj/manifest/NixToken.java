package dev.floxj.manifest;

/**
 * One token of the Nix language as {@link NixLexer} reads it.
 *
 * @param text the source text, or for strings their value after escapes and indentation stripping
 * @param position where the token starts
 */
record NixToken(Type type, String text, SourcePosition position) {

  /** The kinds of token; only some can appear in the subset floxj reads, the others name errors. */
  enum Type {
    LEFT_BRACE("'{'"),
    RIGHT_BRACE("'}'"),
    LEFT_BRACKET("'['"),
    RIGHT_BRACKET("']'"),
    EQUALS("'='"),
    SEMICOLON("';'"),
    DOT("'.'"),
    COLON("':'"),
    COMMA("','"),
    QUESTION("'?'"),
    AT("'@'"),
    ELLIPSIS("'...'"),
    STRING("a string"),
    INDENTED_STRING("an indented string"),
    INTEGER("an integer"),
    FLOAT("a floating-point number"),
    IDENTIFIER("a name"),
    PATH("a path"),
    URI("an unquoted URL"),
    INTERPOLATION("'${'"),
    OPERATOR("an operator"),
    END("the end of the file");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /** How an error message names this token, e.g. {@code 'let'} or {@code a string}. */
  String describe() {
    switch (type) {
      case IDENTIFIER:
      case OPERATOR:
        return "'" + text + "'";
      default:
        return type.description();
    }
  }

  boolean is(Type expected) {
    return type == expected;
  }

  boolean isIdentifier(String name) {
    return type == Type.IDENTIFIER && text.equals(name);
  }
}
