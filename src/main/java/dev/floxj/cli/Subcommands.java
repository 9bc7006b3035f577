package dev.floxj.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * floxj's subcommands, and which of them a command line needs. Picocli builds a command's model by
 * reflection over its annotated fields, and its classes cannot enter the class-data sharing
 * archive (Java 5 class files): building all of them cost ~0.2 s of every start, though one runs.
 * So when the command line starts with a subcommand's name, only that subcommand is registered;
 * {@code --version} alone needs none; anything else (help, no command, an unknown name, which
 * picocli answers with suggestions) gets all of them, exactly as before; so do {@code help} and
 * {@code completion}, which describe them all.
 */
final class Subcommands {
  /** In the order the top-level help lists them. */
  static final List<Class<?>> ALL =
      List.of(
          ContainerizeCommand.class,
          InitCommand.class,
          InstallCommand.class,
          UninstallCommand.class,
          EditCommand.class,
          ListCommand.class,
          LockCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  private Subcommands() {}

  /** Adds {@code subcommands} (what {@link #neededFor} gave) to {@code floxj}. */
  static void register(CommandLine floxj, List<Class<?>> subcommands) {
    for (Class<?> subcommand : subcommands) {
      floxj.addSubcommand(subcommand);
    }
  }

  static List<Class<?>> neededFor(String... args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return List.of();
    }
    // help and completion describe every command.
    if (args.length > 0 && !args[0].equals("help") && !args[0].equals("completion")) {
      for (Class<?> subcommand : ALL) {
        if (subcommand.getAnnotation(CommandLine.Command.class).name().equals(args[0])) {
          return List.of(subcommand);
        }
      }
    }
    return ALL;
  }
}
