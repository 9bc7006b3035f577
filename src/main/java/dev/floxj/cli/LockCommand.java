package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker.LockedEnvironment;
import dev.floxj.manifest.EnvironmentDirectory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code floxj lock}: resolves every install entry anew and writes manifest.lock, building what the
 * target system installs.
 */
@Command(
    name = "lock",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Locks the environment: resolves every package of the manifest anew (catalog packages against"
          + " --catalog through nix) and writes manifest.lock in flox's format.",
      "Store-path packages lock without Nix."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj lock                  manifest.lock anew",
      "  floxj lock --catalog github:NixOS/nixpkgs/nixos-24.05"
    })
final class LockCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Mixin private EnvironmentOptions options;

  @Mixin private VerbosityOptions verbosity;

  LockCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment = options.open(invocation);
    LockedEnvironment locked =
        options.lock(invocation, console, environment, environment.manifestText(), false);
    environment.writeLockfile(locked.text());
    console.updated(
        "Locked environment "
            + EnvironmentOptions.describe(environment, invocation)
            + ": "
            + locked.lockfile().packages().size()
            + " package entr"
            + (locked.lockfile().packages().size() == 1 ? "y" : "ies")
            + " written to "
            + environment.lockfilePath());
    return 0;
  }
}
