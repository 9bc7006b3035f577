package dev.floxj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Man pages ({@code floxj(1)}, {@code floxj-containerize(1)}, ...) in roff, from the command model
 * that parses the command line. picocli-codegen's ManPageGenerator writes AsciiDoc, which needs
 * Asciidoctor (JRuby, a minute of the build) to become a man page; roff for one section-1 page per
 * command is short, and is written here instead. No date in the pages: the same build gives the
 * same bytes.
 */
final class ManPages {
  private ManPages() {}

  /** File name ({@code floxj-containerize.1}) to page, for floxj and each subcommand. */
  static Map<String, String> all(CommandLine floxj, String version) {
    Map<String, String> pages = new LinkedHashMap<>();
    pages.put("floxj.1", page(floxj, "floxj", version));
    for (Map.Entry<String, CommandLine> entry : floxj.getSubcommands().entrySet()) {
      if (!entry.getKey().equals("help")) {
        String name = "floxj-" + entry.getKey();
        pages.put(name + ".1", page(entry.getValue(), name, version));
      }
    }
    return pages;
  }

  private static String page(CommandLine command, String name, String version) {
    CommandSpec spec = command.getCommandSpec();
    StringBuilder out = new StringBuilder();
    out.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" \"1\" \"\" \"")
        .append(escape(version)).append("\" \"floxj manual\"\n");
    out.append(".SH NAME\n").append(name).append(" \\- ").append(escape(summary(spec))).append('\n');
    out.append(".SH SYNOPSIS\n.B ").append(spec.qualifiedName()).append('\n');
    List<String> synopsis = new ArrayList<>();
    if (!spec.options().isEmpty()) {
      synopsis.add("[\\fIOPTIONS\\fR]");
    }
    for (PositionalParamSpec parameter : spec.positionalParameters()) {
      synopsis.add("\\fI" + escape(parameter.paramLabel()) + "\\fR" + (parameter.isMultiValue() ? "..." : ""));
    }
    if (!spec.subcommands().isEmpty()) {
      synopsis.add("\\fICOMMAND\\fR");
    }
    out.append(String.join(" ", synopsis)).append('\n');
    out.append(".SH DESCRIPTION\n");
    for (String paragraph : spec.usageMessage().description()) {
      out.append(".PP\n").append(escape(paragraph.replace("%n", "\n"))).append('\n');
    }
    if (!spec.subcommands().isEmpty()) {
      out.append(".SH COMMANDS\n");
      for (Map.Entry<String, CommandLine> entry : spec.subcommands().entrySet()) {
        out.append(".TP\n.B ").append(entry.getKey()).append('\n')
            .append(escape(summary(entry.getValue().getCommandSpec()))).append('\n');
      }
    }
    if (!spec.positionalParameters().isEmpty()) {
      out.append(".SH ARGUMENTS\n");
      for (PositionalParamSpec parameter : spec.positionalParameters()) {
        out.append(".TP\n\\fI").append(escape(parameter.paramLabel())).append("\\fR\n")
            .append(escape(String.join(" ", parameter.description()))).append('\n');
      }
    }
    out.append(".SH OPTIONS\n");
    for (OptionSpec option : spec.options()) {
      if (option.hidden()) {
        continue;
      }
      out.append(".TP\n");
      List<String> names = new ArrayList<>();
      for (String optionName : option.names()) {
        names.add("\\fB" + escape(optionName) + "\\fR");
      }
      out.append(String.join(", ", names));
      if (option.arity().max() > 0) {
        out.append("=\\fI").append(escape(option.paramLabel())).append("\\fR");
      }
      out.append('\n').append(escape(String.join(" ", option.description()))).append('\n');
    }
    String[] footer = spec.usageMessage().footer();
    if (footer.length > 0) {
      out.append(".SH EXAMPLES\n.nf\n");
      for (String line : footer) {
        out.append(escape(line.replace("%n", ""))).append('\n');
      }
      out.append(".fi\n");
    }
    out.append(".SH EXIT STATUS\n0 on success, 1 when the work failed, 2 when the command line is wrong.\n");
    out.append(".SH SEE ALSO\n");
    if (name.equals("floxj")) {
      List<String> see = new ArrayList<>();
      for (String sub : spec.subcommands().keySet()) {
        if (!sub.equals("help")) {
          see.add("\\fBfloxj-" + sub + "\\fR(1)");
        }
      }
      out.append(String.join(", ", see)).append('\n');
    } else {
      out.append("\\fBfloxj\\fR(1)\n");
    }
    return out.toString();
  }

  private static String summary(CommandSpec spec) {
    String[] header = spec.usageMessage().header();
    String[] description = spec.usageMessage().description();
    String first = header.length > 0 ? header[0] : description.length > 0 ? description[0] : "";
    return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
  }

  /** Text for roff: backslashes and hyphens escaped, no line starting with a control character. */
  static String escape(String text) {
    String escaped = text.replace("\\", "\\e").replace("-", "\\-");
    StringBuilder out = new StringBuilder();
    for (String line : escaped.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      if (line.startsWith(".") || line.startsWith("'")) {
        out.append("\\&");
      }
      out.append(line);
    }
    return out.toString();
  }
}
