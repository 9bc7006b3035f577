package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every environment command shares: which environment, and where locking resolves and
 * builds its packages.
 */
final class EnvironmentOptions {
  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Directory holding .flox/ or flox.nix (default: the current directory).")
  private Path directory;

  @Option(
      names = "--catalog",
      paramLabel = "FLAKEREF",
      description =
          "The flake whose packages.<system> or legacyPackages.<system> serve pkg-path entries"
              + " (default: $FLOXJ_CATALOG, else nixpkgs).")
  private String catalog;

  @Option(
      names = "--store",
      paramLabel = "ROOT",
      description = "Root of the Nix store to build packages into: ROOT/nix/store (default: /).")
  private Path storeRoot = Path.of("/");

  @Option(
      names = "--system",
      paramLabel = "SYSTEM",
      converter = ContainerizeCommand.SystemConverter.class,
      completionCandidates = ContainerizeCommand.SystemConverter.Names.class,
      description = "The system to build for, x86_64-linux or aarch64-linux (default: the host's).")
  private TargetSystem system;

  /** The directory given (resolved against the working directory), else the working directory. */
  Path directory(Invocation invocation) {
    return invocation
        .workingDirectory()
        .resolve(directory == null ? Path.of(".") : directory)
        .normalize();
  }

  EnvironmentDirectory open(Invocation invocation) {
    return EnvironmentDirectory.open(directory(invocation));
  }

  TargetSystem target() {
    return system == null ? TargetSystem.host() : system;
  }

  /**
   * The environment as flox's messages name it: {@code in current directory} when it is the
   * working directory, else {@code 'name'}.
   */
  static String describe(EnvironmentDirectory environment, Invocation invocation) {
    Path here = invocation.workingDirectory().toAbsolutePath().normalize();
    if (environment.directory().toAbsolutePath().normalize().equals(here)) {
      return "in current directory";
    }
    return "'" + environment.name() + "'";
  }

  /** Locks {@code text} with a spinner on a terminal while Nix works. */
  EnvironmentLocker.LockedEnvironment lock(
      Invocation invocation, Console console, EnvironmentDirectory environment, String text, boolean keepUnchanged) {
    return Spinner.during(
        console,
        Spinner.stderrIsTerminal(),
        "Locking environment " + describe(environment, invocation) + "...",
        () -> locker(invocation, console).lock(environment, text, keepUnchanged));
  }

  /** A locker for these options; nix's own output goes to the console's detail (-v). */
  EnvironmentLocker locker(Invocation invocation, Console console) {
    return new EnvironmentLocker(
        new EnvironmentLocker.Settings(
            EnvironmentLocker.catalog(catalog, invocation.environment()),
            target(),
            invocation.workingDirectory().resolve(storeRoot).normalize(),
            invocation.environment()),
        console::detail);
  }
}
