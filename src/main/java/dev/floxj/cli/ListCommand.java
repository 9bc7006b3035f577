package dev.floxj.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.Json;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code floxj list}: the installed packages for the target system, in flox's formats, on stdout
 * (scripts read it): {@code id: pkg-path (version)} by default, {@code -n} install ids only,
 * {@code -a} every detail floxj knows (with the store paths), {@code -c} the manifest as written,
 * {@code --json} for programs.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists the environment's packages, as flox does: install id, package and version.",
      "Locks first when the lock is missing or out of date (as containerize does)."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  floxj list                  id: package (version), one a line",
      "  floxj list -n               install ids only",
      "  floxj list -a               everything, with the store paths",
      "  floxj list --json | jq -r '.[].store_paths[]'"
    })
final class ListCommand implements Callable<Integer> {
  private final Invocation invocation;

  @Mixin private EnvironmentOptions options;

  @ArgGroup(exclusive = true)
  private Mode mode = new Mode();

  @Mixin private VerbosityOptions verbosity;

  /** The formats; one at a time. */
  static final class Mode {
    @Option(names = {"-e", "--extended"}, description = "id: pkg-path (version), one package a line (the default).")
    boolean extended;

    @Option(names = {"-n", "--name"}, description = "Only the install id of each package.")
    boolean name;

    @Option(names = {"-a", "--all"}, description = "Everything known of each package: path, name, priority, version, outputs and store paths.")
    boolean all;

    @Option(names = {"-c", "--config"}, description = "The manifest as written.")
    boolean config;

    @Option(names = "--json", description = "A JSON array, one object per package, for programs.")
    boolean json;
  }

  ListCommand(Invocation invocation) {
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws IOException {
    Console console = verbosity.console(invocation);
    EnvironmentDirectory environment = options.open(invocation);
    if (mode.config) {
      write(environment.manifestText());
      return 0;
    }
    Lockfile lockfile =
        options.locker(invocation, console).lockIfNeeded(environment, console::info);
    Manifest manifest = environment.manifest();
    TargetSystem target = options.target();
    List<ResolvedPackage> packages = new LockResolver().resolve(manifest, lockfile, target);
    if (mode.json) {
      write(json(manifest, lockfile, target, packages));
      return 0;
    }
    if (packages.isEmpty()) {
      console.warn(
          "No packages are installed for your current system ('" + target.nixSystem() + "').\n\n"
              + "You can see the whole manifest with 'floxj list --config'.");
      return 0;
    }
    StringBuilder listing = new StringBuilder();
    if (mode.all) {
      List<ResolvedPackage> byPriority = new ArrayList<>(packages);
      byPriority.sort(Comparator.comparingInt(ResolvedPackage::priority));
      for (int i = 0; i < byPriority.size(); i++) {
        if (i > 0) {
          listing.append('\n');
        }
        detail(listing, manifest, lockfile, target, byPriority.get(i));
      }
    } else {
      for (ResolvedPackage pkg : packages) {
        listing.append(pkg.installId());
        if (!mode.name) {
          Descriptor descriptor = manifest.install().get(pkg.installId());
          listing.append(": ").append(source(descriptor));
          String version = version(locked(lockfile, pkg.installId(), target.nixSystem()));
          if (version != null && descriptor instanceof CatalogDescriptor) {
            listing.append(" (").append(version).append(')');
          }
        }
        listing.append('\n');
      }
    }
    write(listing.toString());
    return 0;
  }

  private void write(String text) throws IOException {
    OutputStream out = invocation.stdout();
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void detail(
      StringBuilder out, Manifest manifest, Lockfile lockfile, TargetSystem target, ResolvedPackage pkg) {
    Descriptor descriptor = manifest.install().get(pkg.installId());
    LockedPackage locked = locked(lockfile, pkg.installId(), target.nixSystem());
    out.append(pkg.installId()).append(":\n");
    if (descriptor instanceof CatalogDescriptor catalog) {
      field(out, "Package Path", catalog.pkgPath());
    } else if (descriptor instanceof FlakeDescriptor flake) {
      field(out, "Flake", flake.flake());
      if (locked instanceof LockedFlakePackage lockedFlake && lockedFlake.lockedUrl() != null) {
        field(out, "Locked URL", lockedFlake.lockedUrl());
      }
    } else {
      field(out, "Store Path", source(descriptor));
    }
    if (!(descriptor instanceof StorePathDescriptor)) {
      field(out, "Package Name", orNa(pname(locked)));
    }
    field(out, "Priority", Integer.toString(pkg.priority()));
    if (!(descriptor instanceof StorePathDescriptor)) {
      field(out, "Version", orNa(version(locked)));
      field(out, "Outputs", pkg.outputs().stream().map(o -> "\"" + o.name() + "\"").collect(Collectors.joining(", ", "[ ", " ]")));
    }
    for (ResolvedOutput output : pkg.outputs()) {
      field(out, "Store Path (" + output.name() + ")", output.path().path());
    }
  }

  private static void field(StringBuilder out, String name, String value) {
    String label = "  " + name + ":";
    out.append(label).append(" ".repeat(Math.max(1, 24 - label.length()))).append(value).append('\n');
  }

  private static String orNa(String value) {
    return value == null ? "N/A" : value;
  }

  /** The --json listing: what a script needs, in the lock's words. */
  private static String json(Manifest manifest, Lockfile lockfile, TargetSystem target, List<ResolvedPackage> packages) {
    ArrayNode array = Json.mapper().createArrayNode();
    for (ResolvedPackage pkg : packages) {
      Descriptor descriptor = manifest.install().get(pkg.installId());
      LockedPackage locked = locked(lockfile, pkg.installId(), target.nixSystem());
      ObjectNode entry = array.addObject();
      entry.put("install_id", pkg.installId());
      if (descriptor instanceof CatalogDescriptor catalog) {
        entry.put("pkg-path", catalog.pkgPath());
      } else if (descriptor instanceof FlakeDescriptor flake) {
        entry.put("flake", flake.flake());
      } else {
        entry.put("store-path", source(descriptor));
      }
      entry.put("pname", pname(locked));
      entry.put("version", version(locked));
      entry.put("priority", pkg.priority());
      entry.put("system", target.nixSystem());
      ObjectNode outputs = entry.putObject("outputs");
      ArrayNode paths = entry.putArray("store_paths");
      for (ResolvedOutput output : pkg.outputs()) {
        outputs.put(output.name(), output.path().path());
        paths.add(output.path().path());
      }
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String source(Descriptor descriptor) {
    if (descriptor instanceof CatalogDescriptor catalog) {
      return catalog.pkgPath();
    }
    return descriptor instanceof FlakeDescriptor flake
        ? flake.flake()
        : ((StorePathDescriptor) descriptor).storePath().path();
  }

  private static LockedPackage locked(Lockfile lockfile, String installId, String system) {
    for (LockedPackage entry : lockfile.packages()) {
      if (entry.installId().equals(installId) && entry.system().equals(system)) {
        return entry;
      }
    }
    return null;
  }

  private static String version(LockedPackage entry) {
    if (entry instanceof LockedCatalogPackage catalog) {
      return catalog.version();
    }
    return entry instanceof LockedFlakePackage flake ? flake.version() : null;
  }

  private static String pname(LockedPackage entry) {
    if (entry instanceof LockedCatalogPackage catalog) {
      return catalog.pname();
    }
    return entry instanceof LockedFlakePackage flake ? flake.pname() : null;
  }
}
