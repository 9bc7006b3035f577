package dev.floxj.cli;

import dev.floxj.cli.Main.Invocation;
import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.FlakeDescriptor;
import dev.floxj.manifest.LockedCatalogPackage;
import dev.floxj.manifest.LockedFlakePackage;
import dev.floxj.manifest.LockedPackage;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.StorePathDescriptor;
import dev.floxj.resolution.LockResolver;
import dev.floxj.resolution.ResolvedOutput;
import dev.floxj.resolution.ResolvedPackage;
import dev.floxj.resolution.TargetSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code floxj list}: the installed packages for the target system, with their versions and the
 * store paths that go into the environment. The listing is the command's output, on stdout.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists the environment's packages: install id, package, version, and its store paths.",
      "Locks first when the lock is missing or out of date (as containerize does)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj list                  the packages of ./.flox",
      "  floxj list -d path/to/env   those of another environment"
    })
final class ListCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Mixin private EnvironmentOptions options;

  @Mixin private VerbosityOptions verbosity;

  ListCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws IOException {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment = options.open(invocation);
    Lockfile lockfile =
        options.locker(invocation, console).lockIfNeeded(environment, console::info);
    Manifest manifest = environment.manifest();
    TargetSystem target = options.target();
    List<ResolvedPackage> packages = new LockResolver().resolve(manifest, lockfile, target);
    StringBuilder listing = new StringBuilder();
    for (ResolvedPackage pkg : packages) {
      Descriptor descriptor = manifest.install().get(pkg.installId());
      listing.append(pkg.installId()).append(": ").append(source(descriptor));
      String version = version(lockfile, pkg.installId(), target.nixSystem());
      if (version != null) {
        listing.append(" (").append(version).append(')');
      }
      listing.append('\n');
      for (ResolvedOutput output : pkg.outputs()) {
        listing.append("  ").append(output.path().path()).append('\n');
      }
    }
    if (packages.isEmpty()) {
      console.info("No packages are installed in '" + environment.name() + "' environment.");
    }
    OutputStream out = invocation.stdout();
    out.write(listing.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    return 0;
  }

  private static String source(Descriptor descriptor) {
    if (descriptor instanceof CatalogDescriptor catalog) {
      return catalog.pkgPath();
    }
    return descriptor instanceof FlakeDescriptor flake
        ? flake.flake()
        : ((StorePathDescriptor) descriptor).storePath().path();
  }

  private static String version(Lockfile lockfile, String installId, String system) {
    for (LockedPackage entry : lockfile.packages()) {
      if (entry.installId().equals(installId) && entry.system().equals(system)) {
        if (entry instanceof LockedCatalogPackage catalog) {
          return catalog.version();
        }
        if (entry instanceof LockedFlakePackage flake) {
          return flake.version();
        }
      }
    }
    return null;
  }
}
