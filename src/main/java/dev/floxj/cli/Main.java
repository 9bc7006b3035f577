package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.store.LocalStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point of the floxj command line. One exit-status rule for every command: 0 on success, 1
 * when the work failed (the message says why), 2 when the command line is wrong (an unknown
 * option, a bad value, a missing argument), checked before anything is done.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    GeneralOptions.chooseLogLevel(args); // before anything logs
    PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    Invocation invocation =
        new Invocation(
            new FileOutputStream(FileDescriptor.out),
            stderr,
            System.getenv(),
            stdoutIsTerminal(),
            Path.of("").toAbsolutePath(),
            System.in,
            // Someone to ask (edit's "Continue editing?"): stdin and stderr are terminals.
            Boolean.parseBoolean(System.getProperty("floxj.stdin.tty"))
                && Boolean.parseBoolean(System.getProperty("floxj.stderr.tty")));
    Interruption interruption =
        Interruption.watch(stderr, Boolean.parseBoolean(System.getProperty("floxj.stderr.tty")));
    int status;
    try {
      status = run(invocation, args);
    } finally {
      interruption.finished(); // also when an Error ends the run: that is no interrupt
    }
    HttpClientThreads.stop(); // or the JVM's exit waits for them
    System.exit(status);
  }

  /** Runs floxj as if from the command line, with the given streams and environment. */
  public static int run(Invocation invocation, String... arguments) {
    String[] args = GeneralOptions.moveBehindSubcommand(arguments);
    List<Class<?>> subcommands = Subcommands.neededFor(args);
    if (subcommands.equals(List.of(ContainerizeCommand.class))) {
      LocalStore.initializeDriverInBackground(); // while picocli builds and parses
    }
    CommandLine commandLine = build(invocation, subcommands);
    commandLine.setOut(new PrintWriter(invocation.stdout(), true, StandardCharsets.UTF_8));
    commandLine.setErr(new PrintWriter(invocation.stderr(), true, StandardCharsets.UTF_8));
    commandLine.setExecutionExceptionHandler(
        (exception, failed, parseResult) -> report(exception, invocation.stderr(), isVerbose(parseResult)));
    return commandLine.execute(args);
  }

  /** floxj with every subcommand: what completion scripts and man pages describe. */
  static CommandLine commandModel(Invocation invocation) {
    return build(invocation, Subcommands.ALL);
  }

  private static CommandLine build(Invocation invocation, List<Class<?>> subcommands) {
    CommandLine commandLine = new CommandLine(new FloxjCommand(), new InvocationFactory(invocation));
    // Before the settings below: picocli applies them to the subcommands registered by then.
    Subcommands.register(commandLine, subcommands);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    HelpLayout.apply(commandLine);
    commandLine.setParameterExceptionHandler(new UsageErrors());
    return commandLine;
  }

  private static boolean isVerbose(CommandLine.ParseResult parseResult) {
    CommandLine.ParseResult sub = parseResult;
    while (sub.subcommand() != null) {
      sub = sub.subcommand();
    }
    return sub.hasMatchedOption("-v") || sub.hasMatchedOption("--debug");
  }

  private static int report(Exception exception, PrintStream stderr, boolean verbose) {
    Console console = new Console(stderr, Console.Verbosity.NORMAL);
    Throwable cause = exception instanceof UncheckedIOException unchecked ? unchecked.getCause() : exception;
    if (cause instanceof FloxjException) {
      console.error(cause.getMessage());
    } else {
      console.error(
          "floxj failed unexpectedly ("
              + cause
              + ")"
              + (verbose ? "." : "; run again with -v to see where."));
    }
    if (verbose) {
      console.trace(exception);
    }
    return 1;
  }

  /**
   * Whether stdout is a terminal. The launcher knows for sure ({@code test -t 1}) and passes it
   * on; without it, Java 17 can only tell when stdin and stdout both are.
   */
  private static boolean stdoutIsTerminal() {
    String fromLauncher = System.getProperty("floxj.stdout.tty");
    if (fromLauncher != null) {
      return Boolean.parseBoolean(fromLauncher);
    }
    return System.console() != null;
  }

  /** What a run of floxj sees of the world: its streams, environment and directory. */
  public record Invocation(
      OutputStream stdout,
      PrintStream stderr,
      Map<String, String> environment,
      boolean stdoutIsTerminal,
      Path workingDirectory,
      InputStream stdin,
      boolean interactive) {

    /** A run with no standard input to read and nobody to ask. */
    public Invocation(
        OutputStream stdout, PrintStream stderr, Map<String, String> environment, boolean stdoutIsTerminal, Path workingDirectory) {
      this(stdout, stderr, environment, stdoutIsTerminal, workingDirectory, InputStream.nullInputStream(), false);
    }
  }

  /**
   * Hands the invocation to commands that ask for it in their constructor, and makes everything
   * else (mixins, converters) with its no-argument constructor. Looked up without exceptions:
   * failed look-ups cost start-up time (15 exceptions, before).
   */
  private record InvocationFactory(Invocation invocation) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<?> withoutArguments = null;
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        Class<?>[] parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0] == Invocation.class) {
          return type.cast(constructor.newInstance(invocation));
        }
        if (parameters.length == 0) {
          withoutArguments = constructor;
        }
      }
      if (withoutArguments != null) {
        withoutArguments.setAccessible(true); // floxj's nested classes are package-private
        return type.cast(withoutArguments.newInstance());
      }
      return CommandLine.defaultFactory().create(type); // e.g. the collections of options
    }
  }
}
