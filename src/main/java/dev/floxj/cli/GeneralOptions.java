package dev.floxj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * flox's general options, {@code -v}/{@code --verbose}, {@code -q}/{@code --quiet} and {@code
 * --debug}, may stand before the subcommand ({@code floxj -v containerize}) as well as after it.
 * They are moved behind the subcommand's name before parsing, where each subcommand's {@link
 * VerbosityOptions} takes them: cheaper than picocli's inherited options, which would build every
 * subcommand's model to copy them, and it leaves {@link Subcommands} the subcommand's name first.
 */
final class GeneralOptions {
  static final Set<String> NAMES = Set.of("-v", "--verbose", "-q", "--quiet", "--debug");

  /** The level of floxj's diagnostics, read by {@link Diagnostics} when Logback starts. */
  static final String LOG_LEVEL_PROPERTY = "floxj.log.level";

  private GeneralOptions() {}

  /**
   * Chooses the diagnostics' level from the raw arguments, before the first logger is made:
   * DEBUG with {@code --debug}, INFO with {@code -v}, else WARN.
   */
  static void chooseLogLevel(String... args) {
    if (System.getProperty(LOG_LEVEL_PROPERTY) != null) {
      return; // FLOXJ_JAVA_OPTS=-Dfloxj.log.level=... decides
    }
    List<String> arguments = List.of(args);
    String level = arguments.contains("--debug")
        ? "DEBUG"
        : arguments.contains("-v") || arguments.contains("--verbose") ? "INFO" : "WARN";
    System.setProperty(LOG_LEVEL_PROPERTY, level);
  }

  /** {@code args} with the general options before the first other argument moved after it. */
  static String[] moveBehindSubcommand(String... args) {
    int first = 0;
    while (first < args.length && NAMES.contains(args[first])) {
      first++;
    }
    if (first == 0 || first == args.length || args[first].startsWith("-")) {
      return args;
    }
    List<String> moved = new ArrayList<>(args.length);
    moved.add(args[first]);
    for (int i = 0; i < first; i++) {
      moved.add(args[i]);
    }
    for (int i = first + 1; i < args.length; i++) {
      moved.add(args[i]);
    }
    return moved.toArray(String[]::new);
  }
}
