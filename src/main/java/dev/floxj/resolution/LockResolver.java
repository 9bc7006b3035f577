package dev.floxj.resolution;

import dev.floxj.FloxjException;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.LockedCatalogPackage;
import dev.floxj.manifest.LockedFlakePackage;
import dev.floxj.manifest.LockedPackage;
import dev.floxj.manifest.LockedStorePathPackage;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestSchema;
import dev.floxj.manifest.OutputSelection;
import dev.floxj.store.StorePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Selects the store paths of an environment for one target system: which lock entries apply and
 * which of their outputs go into the environment.
 */
public final class LockResolver {
  /** Nix's output of generated type stubs, left out of {@code version = 1} environments. */
  private static final String STUBS_OUTPUT = "stubs";

  private static final String RELOCK_COMPOSED =
      "re-lock the environment with flox in its directory (floxj does not lock [include]s)";

  private static final String RELOCK =
      "re-lock the environment with `floxj lock` (or flox) in its directory";

  /**
   * The environment's packages on {@code target}, sorted by install id.
   *
   * <p>A composed environment ({@code [include]}) is made of the lock's merged manifest, as flox
   * containerizes it; manifest.toml is then compared with the including manifest the lock
   * recorded.
   *
   * @param manifestToml the manifest read from manifest.toml
   * @param lockfile the lock read from manifest.lock beside it
   */
  public List<ResolvedPackage> resolve(
      Manifest manifestToml, Lockfile lockfile, TargetSystem target) {
    Manifest manifest = lockfile.forImage(manifestToml);
    lockfile
        .lockedFrom()
        .flatMap(lockedFrom -> LockFreshness.firstDifference(manifestToml, lockedFrom))
        .ifPresent(
            difference -> {
              throw new FloxjException(
                  "manifest.lock is out of date: "
                      + difference
                      + "; "
                      + (lockfile.composed() ? RELOCK_COMPOSED : RELOCK)
                      + ".");
            });
    String system = target.nixSystem();
    if (!manifest.options().supportsSystem(system)) {
      throw new FloxjException(
          "The environment supports only "
              + String.join(", ", manifest.options().systems())
              + " (options.systems in manifest.toml), not "
              + system
              + "; pass --system with one of those, or add "
              + system
              + " to options.systems and re-lock.");
    }
    Map<String, LockedPackage> entries = entriesFor(lockfile, system, manifest);
    List<ResolvedPackage> packages = new ArrayList<>();
    // The lock's own manifest decides how outputs are selected, as in flox's buildenv.
    Manifest locked = lockfile.manifest();
    long[] otherOutputCounter = {1};
    for (Map.Entry<String, Descriptor> install : new TreeMap<>(manifest.install()).entrySet()) {
      String installId = install.getKey();
      Descriptor descriptor = install.getValue();
      if (!descriptor.appliesTo(system)) {
        continue;
      }
      LockedPackage entry = entries.get(installId);
      if (entry == null) {
        throw new FloxjException(
            "manifest.lock has no package for install id '"
                + installId
                + "' on "
                + system
                + ": the lock was made for other systems; add "
                + system
                + " to options.systems and "
                + RELOCK
                + ".");
      }
      Descriptor lockedDescriptor = locked.install().getOrDefault(installId, descriptor);
      packages.add(
          new ResolvedPackage(
              installId,
              descriptor.effectivePriority(),
              outputs(installId, lockedDescriptor, entry, locked.schema(), otherOutputCounter)));
    }
    return List.copyOf(packages);
  }

  /**
   * The bash and coreutils the lock provides for the activation on {@code target} (see {@link
   * dev.floxj.manifest.Lockfile#activationPackages()}): each with its default outputs.
   */
  public ActivationTools activationTools(Lockfile lockfile, TargetSystem target) {
    return new ActivationTools(
        activationTool(lockfile, Lockfile.BASH, target),
        activationTool(lockfile, Lockfile.COREUTILS, target));
  }

  /**
   * The image's bash, coreutils, CA bundle and locales as the lock records them (floxj locks them
   * under {@link Lockfile#ACTIVATION_PACKAGES_KEY}; flox does not): each may be absent.
   */
  public ImageTools lockedImageTools(Lockfile lockfile, TargetSystem target) {
    return new ImageTools(
        activationTool(lockfile, Lockfile.BASH, target),
        activationTool(lockfile, Lockfile.COREUTILS, target),
        firstPath(activationTool(lockfile, Lockfile.CACERT, target)),
        firstPath(activationTool(lockfile, Lockfile.LOCALES, target)),
        "the lock");
  }

  /** Every activation package the lock has for {@code target}, to build them into the store. */
  public List<ResolvedPackage> activationPackages(Lockfile lockfile, TargetSystem target) {
    return Lockfile.ACTIVATION_INSTALL_IDS.stream()
        .flatMap(installId -> activationTool(lockfile, installId, target).stream())
        .toList();
  }

  private static Optional<StorePath> firstPath(Optional<ResolvedPackage> pkg) {
    return pkg.flatMap(p -> p.storePaths().stream().findFirst());
  }

  private static Optional<ResolvedPackage> activationTool(
      Lockfile lockfile, String installId, TargetSystem target) {
    return lockfile
        .activationPackage(installId, target.nixSystem())
        .map(
            entry -> {
              SortedMap<String, StorePath> available = new TreeMap<>(entry.outputs());
              List<String> names =
                  entry.outputsToInstall() == null
                      ? List.copyOf(available.keySet())
                      : entry.outputsToInstall();
              List<ResolvedOutput> outputs = new ArrayList<>();
              available.forEach(
                  (name, path) -> {
                    if (names.contains(name)) {
                      outputs.add(new ResolvedOutput(name, path, ActivationTools.PRIORITY));
                    }
                  });
              return new ResolvedPackage(installId, ActivationTools.PRIORITY, outputs);
            });
  }

  /** The lock's entries for {@code system} by install id, each install id at most once. */
  private static Map<String, LockedPackage> entriesFor(
      Lockfile lockfile, String system, Manifest manifest) {
    Map<String, LockedPackage> entries = new HashMap<>();
    for (LockedPackage entry : lockfile.packages()) {
      if (!entry.system().equals(system)) {
        continue;
      }
      if (!manifest.install().containsKey(entry.installId())) {
        throw new FloxjException(
            "manifest.lock is inconsistent: it has a package for install id '"
                + entry.installId()
                + "', which its manifest does not install; "
                + RELOCK
                + ".");
      }
      if (entries.put(entry.installId(), entry) != null) {
        throw new FloxjException(
            "manifest.lock is inconsistent: it has two packages for install id '"
                + entry.installId()
                + "' on "
                + system
                + "; "
                + RELOCK
                + ".");
      }
    }
    return entries;
  }

  /**
   * The outputs to join and their priorities, as flox's buildenv has them. A store path: {@code
   * 1000·p}. {@code version = 1}: every output but {@code stubs}; those in {@code
   * outputs_to_install} at {@code 1000·p}, the others at {@code 1000·p + k}, k counting up from 1
   * over the whole environment (in install-id order, then output-name order), so they lose to every
   * default output and never collide with each other. {@code schema-version}: the selected outputs,
   * the i-th (from 0) at {@code 1000·p + i}.
   */
  private static List<ResolvedOutput> outputs(
      String installId,
      Descriptor descriptor,
      LockedPackage entry,
      ManifestSchema schema,
      long[] otherOutputCounter) {
    long base = 1000L * descriptor.effectivePriority();
    if (entry instanceof LockedStorePathPackage storePath) {
      // A store path has no output names; "out" is Nix's name for a single output.
      return List.of(new ResolvedOutput("out", storePath.storePath(), base));
    }
    SortedMap<String, StorePath> available = new TreeMap<>(outputsOf(entry));
    List<ResolvedOutput> outputs = new ArrayList<>();
    if (schema.isVersion1()) {
      List<String> defaults = outputsToInstallOf(entry) == null ? List.of() : outputsToInstallOf(entry);
      available.forEach(
          (name, path) -> {
            if (!name.equals(STUBS_OUTPUT) && defaults.contains(name)) {
              outputs.add(new ResolvedOutput(name, path, base));
            }
          });
      available.forEach(
          (name, path) -> {
            if (!name.equals(STUBS_OUTPUT) && !defaults.contains(name)) {
              outputs.add(new ResolvedOutput(name, path, base + otherOutputCounter[0]++));
            }
          });
    } else {
      List<String> names =
          selectedNames(installId, entry, descriptor.outputs(), available.keySet());
      long i = 0;
      for (String name : new java.util.LinkedHashSet<>(names)) {
        outputs.add(new ResolvedOutput(name, available.get(name), base + i++));
      }
    }
    outputs.sort(java.util.Comparator.comparing(ResolvedOutput::name));
    return outputs;
  }

  private static List<String> selectedNames(
      String installId, LockedPackage entry, OutputSelection requested, Set<String> available) {
    switch (requested.kind()) {
      case ALL:
        return List.copyOf(available);
      case NAMED:
        for (String name : requested.names()) {
          if (!available.contains(name)) {
            throw new FloxjException(
                "install id '"
                    + installId
                    + "' asks for output '"
                    + name
                    + "', but its package on "
                    + entry.system()
                    + " has only "
                    + String.join(", ", available)
                    + "; fix outputs in manifest.toml.");
          }
        }
        return requested.names();
      default:
        List<String> outputsToInstall = outputsToInstallOf(entry);
        if (outputsToInstall == null) {
          // The lock does not say which outputs are the defaults: install them all, never fewer.
          return List.copyOf(available);
        }
        for (String name : outputsToInstall) {
          if (!available.contains(name)) {
            throw new FloxjException(
                "manifest.lock is inconsistent: install id '"
                    + installId
                    + "' on "
                    + entry.system()
                    + " lists output '"
                    + name
                    + "' to install but has no such output; "
                    + RELOCK
                    + ".");
          }
        }
        return outputsToInstall;
    }
  }

  private static Map<String, StorePath> outputsOf(LockedPackage entry) {
    return entry instanceof LockedCatalogPackage catalog
        ? catalog.outputs()
        : ((LockedFlakePackage) entry).outputs();
  }

  private static List<String> outputsToInstallOf(LockedPackage entry) {
    return entry instanceof LockedCatalogPackage catalog
        ? catalog.outputsToInstall()
        : ((LockedFlakePackage) entry).outputsToInstall();
  }
}
