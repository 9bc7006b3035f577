package dev.floxj.cli;

import dev.floxj.FloxjException;
import dev.floxj.cli.Main.Invocation;
import dev.floxj.locking.EnvironmentLocker.LockedEnvironment;
import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestTomlEditor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code floxj uninstall PKG...}: removes packages from manifest.toml and re-locks. */
@Command(
    name = "uninstall",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Uninstalls packages: removes their entries from manifest.toml and re-locks.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj uninstall hello"
    })
final class UninstallCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Parameters(
      arity = "1..*",
      paramLabel = "PKG",
      description = "Install ids (or catalog pkg-paths) of the packages to remove.")
  private List<String> packages;

  @Mixin private EnvironmentOptions options;

  @Mixin private VerbosityOptions verbosity;

  UninstallCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment = options.open(invocation);
    InstallCommand.requireManifestToml(environment, "uninstall");
    String label = environment.manifestPath().toString();
    String text = environment.manifestText();
    List<String> removed = new ArrayList<>();
    for (String argument : packages) {
      String installId = installId(environment.parseManifest(text, label), argument);
      text = ManifestTomlEditor.removeInstall(text, installId, label);
      removed.add(installId);
    }
    LockedEnvironment locked = options.lock(invocation, console, environment, text, true);
    environment.writeManifest(text);
    environment.writeLockfile(locked.text());
    // An older floxj's keys in the manifest stay as they were: say how to make flox load it.
    environment.floxjKeysWarning(environment.parseManifest(text, label)).ifPresent(console::warn);
    for (String installId : removed) {
      console.deleted(
          "'" + installId + "' uninstalled from environment " + EnvironmentOptions.describe(environment, invocation));
    }
    return 0;
  }

  /** The argument as an install id, or the one install id whose pkg-path it is. */
  private static String installId(Manifest manifest, String argument) {
    if (manifest.install().containsKey(argument)) {
      return argument;
    }
    List<String> matches = new ArrayList<>();
    for (Map.Entry<String, Descriptor> entry : manifest.install().entrySet()) {
      if (entry.getValue() instanceof CatalogDescriptor catalog
          && catalog.pkgPath().equals(argument)) {
        matches.add(entry.getKey());
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    throw new FloxjException(
        matches.isEmpty()
            ? "No package with install id '"
                + argument
                + "' is installed; `floxj list` shows the"
                + " installed ones."
            : "'"
                + argument
                + "' is the pkg-path of install ids '"
                + String.join("', '", matches)
                + "'; name the install id to remove.");
  }
}
