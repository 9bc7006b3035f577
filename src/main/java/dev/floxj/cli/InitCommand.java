package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker.LockedEnvironment;
import dev.floxj.manifest.EnvironmentDirectory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code floxj init}: creates an empty environment, as {@code flox init} does. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Creates an environment in a directory: .flox/env.json, .flox/env/manifest.toml and its"
            + " lock.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj init                  .flox/ here, named after the directory",
      "  floxj init -d web -n web    .flox/ in ./web, named web"
    })
final class InitCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Mixin private EnvironmentOptions options;

  @Option(
      names = {"-n", "--name"},
      paramLabel = "NAME",
      description = "The environment's name (default: the directory's name).")
  private String name;

  @Mixin private VerbosityOptions verbosity;

  InitCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment =
        EnvironmentDirectory.create(options.directory(invocation), name);
    // An empty manifest locks without nix.
    LockedEnvironment locked =
        options.locker(invocation, console).lock(environment, environment.manifestText(), false);
    environment.writeLockfile(locked.text());
    console.created(
        "Created environment '" + environment.name() + "' (" + options.target() + ")");
    console.info("");
    console.info("Next:");
    console.info("  $ floxj install <package>   <- Install a package into an environment");
    console.info("  $ floxj edit                <- Add environment variables and shell hooks");
    console.info("  $ floxj containerize        <- Build the environment's container image");
    return 0;
  }
}
