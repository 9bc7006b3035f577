package dev.floxj.cli;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion scripts from the command model. bash and zsh get picocli's {@link AutoComplete}
 * script (it runs in zsh through bashcompinit); picocli has none for fish, whose {@code complete}
 * lines are simple enough to write from the model here.
 */
final class ShellCompletion {
  static final List<String> SHELLS = List.of("bash", "zsh", "fish");

  private ShellCompletion() {}

  /** The script for {@code shell}, describing {@code floxj} and all its subcommands. */
  static String script(String shell, CommandLine floxj) {
    return switch (shell) {
      case "bash" -> AutoComplete.bash("floxj", floxj);
      case "zsh" -> "#compdef floxj\n" + AutoComplete.bash("floxj", floxj);
      case "fish" -> fish(floxj);
      default -> throw new IllegalArgumentException("'" + shell + "' is not one of " + String.join(", ", SHELLS));
    };
  }

  private static String fish(CommandLine floxj) {
    StringBuilder out = new StringBuilder("# fish completion for floxj, generated from its command model\n");
    out.append("complete -c floxj -f\n");
    options(out, floxj.getCommandSpec(), "__fish_use_subcommand");
    for (Map.Entry<String, CommandLine> entry : floxj.getSubcommands().entrySet()) {
      CommandSpec spec = entry.getValue().getCommandSpec();
      String[] summary = spec.usageMessage().description();
      out.append("complete -c floxj -n __fish_use_subcommand -a ").append(entry.getKey());
      if (summary.length > 0) {
        out.append(" -d ").append(quote(firstSentence(summary[0])));
      }
      out.append('\n');
      String condition = "'__fish_seen_subcommand_from " + entry.getKey() + "'";
      options(out, spec, condition);
      for (PositionalParamSpec parameter : spec.positionalParameters()) {
        String choices = choices(parameter.completionCandidates());
        if (choices != null) {
          out.append("complete -c floxj -n ").append(condition).append(" -a ").append(quote(choices)).append('\n');
        } else if (entry.getKey().equals("help")) {
          out.append("complete -c floxj -n ").append(condition).append(" -a ")
              .append(quote(String.join(" ", floxj.getSubcommands().keySet()))).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static void options(StringBuilder out, CommandSpec spec, String condition) {
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      out.append("complete -c floxj -n ").append(condition);
      for (String name : option.names()) {
        out.append(name.startsWith("--") ? " -l " + name.substring(2) : " -s " + name.substring(1));
      }
      if (option.arity().max() > 0) {
        String choices = choices(option.completionCandidates());
        if (choices != null) {
          out.append(" -x -a ").append(quote(choices));
        } else if (option.type() == java.nio.file.Path.class || option.paramLabel().matches("FILE|DIR|ROOT")) {
          out.append(" -r -F");
        } else {
          out.append(" -x");
        }
      }
      if (option.description().length > 0) {
        out.append(" -d ").append(quote(firstSentence(option.description()[0])));
      }
      out.append('\n');
    }
  }

  private static String choices(Iterable<String> candidates) {
    if (candidates == null) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    for (Iterator<String> it = candidates.iterator(); it.hasNext(); ) {
      joined.append(joined.length() == 0 ? "" : " ").append(it.next());
    }
    return joined.length() == 0 ? null : joined.toString();
  }

  private static String firstSentence(String text) {
    int end = text.indexOf(". ");
    String sentence = end < 0 ? text : text.substring(0, end + 1);
    return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** The shells, for completing {@code floxj completion}'s own argument. */
  static final class Shells implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SHELLS.iterator();
    }
  }
}
