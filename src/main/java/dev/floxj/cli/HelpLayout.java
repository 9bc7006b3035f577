package dev.floxj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * floxj's help pages: picocli's sections, but wrapped at spaces only (picocli's line breaking,
 * java.text.BreakIterator, splits {@code manifest.toml} after its dot and {@code NAME:KEY} after
 * its colon), a short synopsis ({@code floxj containerize [OPTIONS]}) with the options listed
 * below it, and the examples of each command at the end. 80 columns, so that the help, and the man
 * pages made from the same model, read the same everywhere.
 */
final class HelpLayout {
  static final int WIDTH = 80;
  private static final int LABEL_COLUMN = 2;
  private static final int TEXT_COLUMN = 27;

  private HelpLayout() {}

  /** Applies the layout to {@code command} and every subcommand registered so far. */
  static void apply(CommandLine command) {
    command.getCommandSpec().usageMessage().abbreviateSynopsis(true).width(WIDTH);
    Map<String, CommandLine.IHelpSectionRenderer> sections = command.getHelpSectionMap();
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameters);
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
    sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::commands);
    command.setHelpSectionMap(sections);
    for (CommandLine subcommand : command.getSubcommands().values()) {
      apply(subcommand);
    }
  }

  private static String description(Help help) {
    StringBuilder out = new StringBuilder();
    for (String paragraph : help.commandSpec().usageMessage().description()) {
      wrap(out, paragraph.replace("%n", "\n"), 0, 0);
    }
    return out.toString();
  }

  private static String parameters(Help help) {
    StringBuilder out = new StringBuilder();
    for (PositionalParamSpec parameter : help.commandSpec().positionalParameters()) {
      if (!parameter.hidden()) {
        item(out, parameter.paramLabel() + (parameter.isMultiValue() ? "..." : ""), text(parameter));
      }
    }
    return out.toString();
  }

  private static String options(Help help) {
    StringBuilder out = new StringBuilder();
    List<OptionSpec> last = new ArrayList<>();
    for (OptionSpec option : help.commandSpec().options()) {
      if (option.hidden()) {
        continue;
      }
      if (option.usageHelp() || option.versionHelp()) {
        last.add(option);
      } else {
        item(out, label(option), text(option));
      }
    }
    for (OptionSpec option : last) {
      item(out, label(option), text(option));
    }
    return out.toString();
  }

  private static String commands(Help help) {
    Map<String, CommandLine> subcommands = help.commandSpec().subcommands();
    if (subcommands.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
      CommandLine.Model.UsageMessageSpec usage = entry.getValue().getCommandSpec().usageMessage();
      // As picocli: a command's header, else the first line of its description.
      String[] summary = usage.header().length > 0 ? usage.header() : usage.description();
      item(out, entry.getKey(), summary.length == 0 ? "" : summary[0].replace("%n", "\n"));
    }
    return out.toString();
  }

  /** {@code -d, --dir=DIR}; a long name alone is indented as if a short one stood before it. */
  static String label(OptionSpec option) {
    List<String> shortNames = new ArrayList<>();
    List<String> longNames = new ArrayList<>();
    for (String name : option.names()) {
      (name.length() == 2 ? shortNames : longNames).add(name);
    }
    List<String> names = new ArrayList<>(shortNames);
    names.addAll(longNames);
    String label = (shortNames.isEmpty() ? "    " : "") + String.join(", ", names);
    if (option.arity().max() > 0) {
      label += "=" + option.paramLabel();
    }
    return label;
  }

  private static String text(ArgSpec spec) {
    return String.join(" ", spec.description())
        .replace("${DEFAULT-VALUE}", String.valueOf(spec.defaultValue()))
        .replace("%n", "\n");
  }

  /** A label in the left column and its text wrapped in the right one. */
  private static void item(StringBuilder out, String label, String text) {
    String left = " ".repeat(LABEL_COLUMN) + label;
    if (left.length() + 2 > TEXT_COLUMN) {
      out.append(left).append('\n');
      wrap(out, text, TEXT_COLUMN, TEXT_COLUMN);
    } else {
      out.append(left);
      wrap(out, text, TEXT_COLUMN - left.length(), TEXT_COLUMN, TEXT_COLUMN);
    }
  }

  /**
   * Appends {@code text} wrapped at spaces to {@link #WIDTH}: the first line indented by {@code
   * first}, the others by {@code rest}. A word longer than a line stands alone on its line.
   */
  static void wrap(StringBuilder out, String text, int first, int rest) {
    wrap(out, text, first, first, rest);
  }

  /** As above, {@code padding} spaces first, which bring the first line to {@code column}. */
  private static void wrap(StringBuilder out, String text, int padding, int startColumn, int rest) {
    int first = padding;
    int firstColumn = startColumn;
    for (String paragraph : text.split("\n", -1)) {
      int column = firstColumn;
      out.append(" ".repeat(first));
      boolean lineEmpty = true;
      for (String word : paragraph.trim().split(" +")) {
        if (word.isEmpty()) {
          continue;
        }
        if (!lineEmpty && column + 1 + word.length() > WIDTH) {
          out.append('\n').append(" ".repeat(rest));
          column = rest;
          lineEmpty = true;
        }
        if (!lineEmpty) {
          out.append(' ');
          column++;
        }
        out.append(word);
        column += word.length();
        lineEmpty = false;
      }
      out.append('\n');
      first = rest;
      firstColumn = rest;
    }
  }
}
