package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The general options {@code -v}, {@code -q} and {@code --debug}, shared by every command (and
 * accepted before the subcommand too, see {@link GeneralOptions}): how much is said on stderr.
 */
final class VerbosityOptions {
  @ArgGroup(exclusive = true)
  private Choice choice = new Choice();

  /** -v, -q and --debug exclude each other. */
  static final class Choice {
    @Option(
        names = {"-v", "--verbose"},
        description = "Say more (nix's output too), and show stack traces of errors.")
    boolean verbose;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print errors only.")
    boolean quiet;

    @Option(names = "--debug", description = "As -v, and log floxj's diagnostics (caches, layers, timings) to stderr.")
    boolean debug;
  }

  boolean verbose() {
    return choice.verbose || choice.debug;
  }

  boolean debug() {
    return choice.debug;
  }

  Console console(Invocation invocation) {
    return new Console(
        invocation.stderr(),
        choice.quiet
            ? Console.Verbosity.QUIET
            : verbose() ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL);
  }
}
