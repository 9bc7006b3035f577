package dev.floxj.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * What a wrong command line gets: the one sentence saying what is wrong, picocli's suggestions for
 * a mistyped name, and where the help is, as GNU tools and flox do; not the whole usage, which
 * buries the sentence. Exit status 2, the status of every usage error (docs/cli.md).
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  static final int EXIT_USAGE = 2;

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine command = exception.getCommandLine();
    PrintWriter err = command.getErr();
    String message = exception.getMessage();
    err.println("✘ ERROR: " + (message.endsWith(".") ? message : message + "."));
    UnmatchedArgumentException.printSuggestions(exception, err);
    err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
    err.flush();
    return EXIT_USAGE;
  }
}
