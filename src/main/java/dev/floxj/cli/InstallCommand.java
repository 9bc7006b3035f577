package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker.LockedEnvironment;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestTomlEditor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code floxj install PKG...}: adds packages to manifest.toml (keeping its comments and layout)
 * and re-locks; nothing is saved unless every package resolves.
 */
@Command(
    name = "install",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Installs packages into the environment: adds them to manifest.toml and locks them.",
      "PKG is a catalog attribute path with an optional version (hello, python3Packages.requests,"
          + " hello@^2.12), a flake installable (github:owner/repo#attr) or a store path."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj install hello                 the newest hello of the catalog",
      "  floxj install hello@^2.12 -i greet   a version range, under its own id",
      "  floxj install github:owner/repo#pkg  a flake installable"
    })
final class InstallCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(arity = "1..*", paramLabel = "PKG", description = "The packages to install.")
  private List<String> packages;

  @Option(
      names = {"-i", "--id"},
      paramLabel = "ID",
      description =
          "The install id to use (with one PKG only; default: the last part of its attribute"
              + " path).")
  private String id;

  @Mixin private EnvironmentOptions options;

  @Mixin private VerbosityOptions verbosity;

  InstallCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Console console = verbosity.console(invocation);
    if (id != null && packages.size() > 1) {
      throw new FloxjException(
          "--id names one package, but "
              + packages.size()
              + " were given; install them one by one.");
    }
    EnvironmentDirectory environment = options.open(invocation);
    requireManifestToml(environment, "install");
    String label = environment.manifestPath().toString();
    String text = environment.manifestText();
    Manifest manifest = environment.parseManifest(text, label);
    List<String> installed = new ArrayList<>();
    for (String argument : packages) {
      PackageArgument pkg = PackageArgument.parse(argument, id);
      if (manifest.install().containsKey(pkg.installId())) {
        console.warn(
            "Package with id '"
                + pkg.installId()
                + "' already installed to environment "
                + EnvironmentOptions.describe(environment, invocation)
                + " (choose another id with --id)");
        continue;
      }
      text = ManifestTomlEditor.addInstall(text, pkg.installId(), pkg.descriptor(), label);
      manifest = environment.parseManifest(text, label);
      installed.add(pkg.installId());
    }
    if (installed.isEmpty()) {
      return 0;
    }
    LockedEnvironment locked = options.lock(invocation, console, environment, text, true);
    environment.writeManifest(text);
    environment.writeLockfile(locked.text());
    // An older floxj's keys in the manifest stay as they were: say how to make flox load it.
    environment.floxjKeysWarning(manifest).ifPresent(console::warn);
    console.updated(
        "'" + String.join("', '", installed) + "' installed to environment "
            + EnvironmentOptions.describe(environment, invocation));
    return 0;
  }

  /** install and uninstall edit manifest.toml; a flox.nix is edited by hand. */
  static void requireManifestToml(EnvironmentDirectory environment, String command) {
    if (environment.format() == EnvironmentDirectory.Format.FLOX_NIX) {
      throw new FloxjException(
          "floxj "
              + command
              + " edits manifest.toml, and "
              + environment.directory()
              + " is a flox.nix environment; change packages.nixpkgs-flox.<name> in flox.nix with"
              + " `floxj edit` instead.");
    }
  }
}
