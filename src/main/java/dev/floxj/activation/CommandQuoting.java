package dev.floxj.activation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How flox turns {@code docker run IMAGE args...} (and {@code [containerize.config] cmd}) into
 * the one shell command it runs: an argument with a space, {@code "} or {@code `} is wrapped in
 * double quotes, with {@code "} and {@code `} escaped by a backslash; any other argument is kept
 * as it is; then they are joined by spaces. {@code $} and the other characters keep their meaning
 * to the shell. The activation script does this at run time; this is the same rule in Java, for
 * tests and documentation.
 */
public final class CommandQuoting {
  private CommandQuoting() {}

  public static String join(List<String> arguments) {
    return arguments.stream().map(CommandQuoting::quote).collect(Collectors.joining(" "));
  }

  static String quote(String argument) {
    if (argument.indexOf(' ') < 0 && argument.indexOf('"') < 0 && argument.indexOf('`') < 0) {
      return argument;
    }
    return "\"" + argument.replace("\"", "\\\"").replace("`", "\\`") + "\"";
  }
}
