package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code -v} and {@code -q} for the environment commands: how much they say on stderr. */
final class VerbosityOptions {
  @ArgGroup(exclusive = true)
  private Choice choice = new Choice();

  /** -v and -q exclude each other. */
  static final class Choice {
    @Option(
        names = {"-v", "--verbose"},
        description = "Say more (nix's output too), and show stack traces of errors.")
    boolean verbose;

    @Option(
        names = {"-q", "--quiet"},
        description = "Print errors only.")
    boolean quiet;
  }

  Console console(Invocation invocation) {
    return new Console(
        invocation.stderr(),
        choice.quiet
            ? Console.Verbosity.QUIET
            : choice.verbose ? Console.Verbosity.VERBOSE : Console.Verbosity.NORMAL);
  }
}
