package dev.floxj.locking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floxj.FloxjException;
import dev.floxj.Json;
import dev.floxj.manifest.CatalogDescriptor;
import dev.floxj.manifest.Descriptor;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.FlakeDescriptor;
import dev.floxj.manifest.FloxJson;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.StorePathDescriptor;
import dev.floxj.resolution.ActivationTools;
import dev.floxj.resolution.LockFreshness;
import dev.floxj.resolution.LockResolver;
import dev.floxj.resolution.ResolvedOutput;
import dev.floxj.resolution.ResolvedPackage;
import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Locks an environment without flox: resolves each install entry for every system the environment
 * is locked for and writes flox's lockfile v1. Catalog ({@code pkg-path}) entries resolve against a
 * Nix flake standing in for flox's catalog, and flake entries against their flake, both through the
 * local {@code nix}; store-path entries need nothing. The catalog's {@code bashInteractive},
 * {@code coreutils}, {@code cacert} and {@code glibcLocalesUtf8} are locked too, for what every
 * image carries (see {@link dev.floxj.resolution.ImageTools}), when the catalog has them. What is locked for the target
 * system is then built (or substituted) into the store, so that containerize finds it.
 */
public final class EnvironmentLocker {
  /** The catalog when neither {@code --catalog} nor {@code FLOXJ_CATALOG} names one. */
  public static final String DEFAULT_CATALOG = "nixpkgs";

  private static final String ACTIVATION_GROUP = "floxj-activation";
  private static final Map<String, String> ACTIVATION_ATTRIBUTES =
      Map.of(
          Lockfile.BASH, "bashInteractive",
          Lockfile.COREUTILS, "coreutils",
          Lockfile.CACERT, "cacert",
          Lockfile.LOCALES, "glibcLocalesUtf8");

  /**
   * Where and how to lock.
   *
   * @param catalog the catalog's flake reference
   * @param storeRoot the store to build into: {@code /}, or the root of a chroot store
   * @param environment the process environment ({@code PATH} finds {@code nix}; nix sees it all)
   */
  public record Settings(
      String catalog, TargetSystem target, Path storeRoot, Map<String, String> environment) {}

  /** A lock ready to be written: its text and what it parses to. */
  public record LockedEnvironment(String text, Lockfile lockfile) {}

  private final Settings settings;
  private final Optional<NixCommand> nix;

  /**
   * @param nixProgress receives every line nix prints on stderr (build logs, warnings)
   */
  public EnvironmentLocker(Settings settings, Consumer<String> nixProgress) {
    this.settings = settings;
    this.nix = NixCommand.find(settings.environment(), settings.storeRoot(), nixProgress);
  }

  /**
   * The catalog: {@code --catalog}, else {@code $FLOXJ_CATALOG}, else {@value #DEFAULT_CATALOG}.
   */
  public static String catalog(String option, Map<String, String> environment) {
    if (option != null && !option.isBlank()) {
      return option;
    }
    String fromEnvironment = environment.get("FLOXJ_CATALOG");
    return fromEnvironment != null && !fromEnvironment.isBlank()
        ? fromEnvironment
        : DEFAULT_CATALOG;
  }

  /**
   * Locks the manifest {@code manifestText} (the environment's file, or an edit of it not saved
   * yet) without writing anything but store paths.
   *
   * @param keepUnchanged keep what the current lock has for entries whose meaning did not change
   *     (install, uninstall, edit); false resolves every entry anew ({@code floxj lock})
   */
  public LockedEnvironment lock(
      EnvironmentDirectory environment, String manifestText, boolean keepUnchanged) {
    String label = environment.manifestPath().toString();
    Manifest manifest = environment.parseManifest(manifestText, label);
    PreviousLock previous = keepUnchanged ? PreviousLock.read(environment) : PreviousLock.NONE;
    List<String> systems = systems(manifest);

    List<Slot> slots = new ArrayList<>();
    for (Map.Entry<String, Descriptor> install : manifest.install().entrySet()) {
      for (String system : systems) {
        if (install.getValue().appliesTo(system)) {
          slots.add(slot(install.getKey(), install.getValue(), system, manifest, previous));
        }
      }
    }
    boolean usesCatalog =
        slots.stream().anyMatch(slot -> slot.descriptor() instanceof CatalogDescriptor);
    boolean resolvesCatalog =
        slots.stream()
            .anyMatch(slot -> slot.entry == null && slot.descriptor() instanceof CatalogDescriptor);
    List<Slot> tools = new ArrayList<>();
    if (usesCatalog) {
      for (String installId : Lockfile.ACTIVATION_INSTALL_IDS) {
        for (String system : systems) {
          Slot tool = new Slot(installId, null, system);
          tool.entry = resolvesCatalog ? null : previous.activationEntry(installId, system);
          if (tool.entry != null || resolvesCatalog) {
            tools.add(tool);
          }
        }
      }
    }

    Realisation realisation = new Realisation();
    List<Slot> pending = new ArrayList<>();
    slots.stream().filter(slot -> slot.entry == null).forEach(pending::add);
    if (!pending.isEmpty()) {
      NixCommand command =
          nix.orElseThrow(() -> new NixNotFoundException(pending.get(0).describe()));
      resolveCatalogEntries(command, pending, tools, manifest, realisation);
      resolveFlakeEntries(command, pending, realisation);
    }
    tools.removeIf(tool -> tool.entry == null);

    ObjectNode lock = Json.mapper().createObjectNode();
    lock.put("lockfile-version", Lockfile.VERSION);
    lock.set("manifest", environment.manifestJson(manifestText, label));
    ArrayNode packages = lock.putArray("packages");
    slots.forEach(slot -> packages.add(slot.entry));
    if (!tools.isEmpty()) {
      ArrayNode activation = lock.putArray(Lockfile.ACTIVATION_PACKAGES_KEY);
      tools.forEach(tool -> activation.add(tool.entry));
    }
    String text = FloxJson.toText(lock);
    Lockfile lockfile = LockfileParser.parse(text, environment.lockfilePath().toString());
    // Only the host's packages are built: another system's paths come from binary caches when an
    // image is made for it (resolved here by `nix eval` alone, never built or emulated).
    if (systems.contains(settings.target().nixSystem()) && settings.target() == TargetSystem.host()) {
      realisation.realise(manifest, lockfile, settings.target());
    }
    return new LockedEnvironment(text, lockfile);
  }

  /**
   * The environment's lock, made first when there is none or it no longer matches the manifest (and
   * written); unchanged entries keep what they had.
   *
   * @param info receives a line saying why it locks, when it does
   */
  public Lockfile lockIfNeeded(EnvironmentDirectory environment, Consumer<String> info) {
    String text = environment.manifestText();
    Manifest manifest = environment.parseManifest(text, environment.manifestPath().toString());
    String reason;
    if (!environment.hasLockfile()) {
      reason = environment.directory() + " has no manifest.lock";
    } else {
      Lockfile lockfile = environment.lockfile();
      Optional<String> difference = LockFreshness.firstDifference(manifest, lockfile.manifest());
      if (difference.isEmpty() || lockfile.composed()) {
        return lockfile;
      }
      reason = "manifest.lock is out of date: " + difference.get();
    }
    info.accept("Locking the environment (" + reason + ")...");
    try {
      LockedEnvironment locked = lock(environment, text, true);
      environment.writeLockfile(locked.text());
      return locked.lockfile();
    } catch (NixNotFoundException e) {
      throw new FloxjException(reason + ", and " + e.clause() + ".", e);
    }
  }

  /** options.systems when given, else the target's system; sorted, as the lock lists them. */
  private List<String> systems(Manifest manifest) {
    List<String> given = manifest.options().systems();
    return given == null
        ? List.of(settings.target().nixSystem())
        : List.copyOf(new TreeSet<>(given));
  }

  private static Slot slot(
      String installId,
      Descriptor descriptor,
      String system,
      Manifest manifest,
      PreviousLock previous) {
    Slot slot = new Slot(installId, descriptor, system);
    if (descriptor instanceof StorePathDescriptor storePath) {
      slot.entry =
          LockEntries.storePath(
              installId, storePath.storePath().path(), system, descriptor.effectivePriority());
    } else {
      slot.entry = previous.entry(installId, descriptor, manifest, system);
    }
    return slot;
  }

  private void resolveCatalogEntries(
      NixCommand command,
      List<Slot> pending,
      List<Slot> tools,
      Manifest manifest,
      Realisation realisation) {
    List<Slot> catalogSlots =
        pending.stream().filter(slot -> slot.descriptor() instanceof CatalogDescriptor).toList();
    if (catalogSlots.isEmpty()) {
      return;
    }
    FlakeCatalog catalog =
        new FlakeCatalog(
            command,
            settings.catalog(),
            "check the catalog's flake reference (--catalog, or FLOXJ_CATALOG)");
    List<FlakeCatalog.Request> requests = new ArrayList<>();
    catalogSlots.forEach(
        slot -> requests.add(slot.request(((CatalogDescriptor) slot.descriptor()).pkgPath())));
    tools.forEach(tool -> requests.add(tool.request(ACTIVATION_ATTRIBUTES.get(tool.installId()))));
    Map<String, FlakeCatalog.Evaluation> evaluations = catalog.evaluate(requests);
    boolean allowPreReleases = Boolean.TRUE.equals(manifest.options().allowPreReleases());

    for (Slot slot : catalogSlots) {
      CatalogDescriptor descriptor = (CatalogDescriptor) slot.descriptor();
      EvaluatedPackage pkg =
          found(
              evaluations.get(slot.key()),
              "the catalog '" + catalog.reference() + "'",
              descriptor.pkgPath(),
              slot);
      if (descriptor.version() != null
          && !VersionConstraint.parse(descriptor.version())
              .matches(pkg.version(), allowPreReleases)) {
        throw new FloxjException(
            "Install id '"
                + slot.installId()
                + "' asks for version '"
                + descriptor.version()
                + "' of "
                + descriptor.pkgPath()
                + ", but the catalog '"
                + catalog.reference()
                + "' has "
                + descriptor.pkgPath()
                + " "
                + pkg.version()
                + " for "
                + slot.system()
                + "; ask for a version it has, or use another catalog.");
      }
      slot.entry =
          LockEntries.catalog(
              slot.installId(),
              descriptor.pkgPath(),
              pkg,
              catalog.locked(),
              slot.system(),
              descriptor.pkgGroup(),
              descriptor.effectivePriority());
      realisation.offer(catalog, pkg);
    }
    for (Slot tool : tools) {
      FlakeCatalog.Evaluation evaluation = evaluations.get(tool.key());
      if (evaluation.status() == FlakeCatalog.Status.FOUND) {
        EvaluatedPackage pkg = evaluation.found();
        tool.entry =
            LockEntries.catalog(
                tool.installId(),
                ACTIVATION_ATTRIBUTES.get(tool.installId()),
                pkg,
                catalog.locked(),
                tool.system(),
                ACTIVATION_GROUP,
                ActivationTools.PRIORITY);
        realisation.offer(catalog, pkg);
      }
    }
  }

  private void resolveFlakeEntries(
      NixCommand command, List<Slot> pending, Realisation realisation) {
    Map<String, List<Slot>> byFlake = new LinkedHashMap<>();
    for (Slot slot : pending) {
      if (slot.descriptor() instanceof FlakeDescriptor flake) {
        byFlake
            .computeIfAbsent(flakeReference(flake.flake()), unused -> new ArrayList<>())
            .add(slot);
      }
    }
    for (Map.Entry<String, List<Slot>> group : byFlake.entrySet()) {
      FlakeCatalog flake =
          new FlakeCatalog(command, group.getKey(), "check the flake reference in the manifest");
      List<FlakeCatalog.Request> requests = new ArrayList<>();
      for (Slot slot : group.getValue()) {
        requests.add(flakeRequest(slot, ((FlakeDescriptor) slot.descriptor()).flake()));
      }
      Map<String, FlakeCatalog.Evaluation> evaluations = flake.evaluate(requests);
      for (Slot slot : group.getValue()) {
        FlakeDescriptor descriptor = (FlakeDescriptor) slot.descriptor();
        EvaluatedPackage pkg =
            found(
                evaluations.get(slot.key()),
                "the flake '" + flake.reference() + "'",
                attribute(descriptor.flake()),
                slot);
        slot.entry =
            LockEntries.flake(
                slot.installId(),
                pkg,
                flake.locked(),
                descriptor.outputs(),
                slot.system(),
                descriptor.effectivePriority());
        realisation.offer(flake, pkg);
      }
    }
  }

  /** Nix's own search for an installable's attribute, or for the flake's default package. */
  private static FlakeCatalog.Request flakeRequest(Slot slot, String installable) {
    String attribute = attribute(installable);
    String system = slot.system();
    if (attribute.isEmpty()) {
      return new FlakeCatalog.Request(
          slot.key(),
          List.of(List.of("packages", system, "default"), List.of("defaultPackage", system)));
    }
    List<String> path = List.of(attribute.split("\\."));
    List<List<String>> candidates = new ArrayList<>();
    for (String prefix : List.of("packages", "legacyPackages")) {
      List<String> candidate = new ArrayList<>(List.of(prefix, system));
      candidate.addAll(path);
      candidates.add(candidate);
    }
    candidates.add(path);
    return new FlakeCatalog.Request(slot.key(), candidates);
  }

  private static String flakeReference(String installable) {
    int hash = installable.indexOf('#');
    return hash < 0 ? installable : installable.substring(0, hash);
  }

  private static String attribute(String installable) {
    int hash = installable.indexOf('#');
    return hash < 0 ? "" : installable.substring(hash + 1);
  }

  private static EvaluatedPackage found(
      FlakeCatalog.Evaluation evaluation, String source, String attribute, Slot slot) {
    String forWhom = " (install id '" + slot.installId() + "')";
    switch (evaluation.status()) {
      case FOUND:
        return evaluation.found();
      case NOT_A_PACKAGE:
        throw new FloxjException(
            "'"
                + String.join(".", evaluation.attrPath())
                + "' in "
                + source
                + " is not a package"
                + forWhom
                + "; check the name.");
      case FAILED:
        throw new FloxjException(
            "The package '"
                + attribute
                + "' of "
                + source
                + " could not be evaluated for "
                + slot.system()
                + forWhom
                + "; nixpkgs refuses unfree, broken or insecure packages"
                + " unless allowed, and `nix eval` of it shows nix's reason.");
      default:
        throw new FloxjException(
            source.substring(0, 1).toUpperCase()
                + source.substring(1)
                + " has no package '"
                + attribute
                + "' for "
                + slot.system()
                + forWhom
                + "; check the name (or the catalog: --catalog, FLOXJ_CATALOG).");
    }
  }

  /** One install id on one system: its lock entry once known. */
  private static final class Slot {
    private final String installId;
    private final Descriptor descriptor;
    private final String system;
    private ObjectNode entry;

    Slot(String installId, Descriptor descriptor, String system) {
      this.installId = installId;
      this.descriptor = descriptor;
      this.system = system;
    }

    String installId() {
      return installId;
    }

    Descriptor descriptor() {
      return descriptor;
    }

    String system() {
      return system;
    }

    /** Unique among the requests of one evaluation. */
    String key() {
      return (descriptor == null ? "activation:" : "install:") + installId + "@" + system;
    }

    FlakeCatalog.Request request(String pkgPath) {
      List<List<String>> candidates = new ArrayList<>();
      for (String prefix : List.of("packages", "legacyPackages")) {
        List<String> candidate = new ArrayList<>(List.of(prefix, system));
        candidate.addAll(List.of(pkgPath.split("\\.")));
        candidates.add(candidate);
      }
      return new FlakeCatalog.Request(key(), candidates);
    }

    /** How an error names what needs nix: "install id 'hello' (pkg-path "hello")". */
    String describe() {
      String what =
          descriptor instanceof CatalogDescriptor catalog
              ? "pkg-path \"" + catalog.pkgPath() + "\""
              : "flake \"" + ((FlakeDescriptor) descriptor).flake() + "\"";
      return "install id '" + installId + "' (" + what + ")";
    }
  }

  /** Which store paths the new entries stand for, and how to build each. */
  private static final class Realisation {
    private final Map<String, Source> byPath = new LinkedHashMap<>();

    private record Source(FlakeCatalog flake, List<String> attrPath, String output) {}

    void offer(FlakeCatalog flake, EvaluatedPackage pkg) {
      pkg.outputs()
          .forEach((output, path) -> byPath.put(path, new Source(flake, pkg.attrPath(), output)));
    }

    /** Builds the outputs the target system's environment installs, one nix build per flake. */
    void realise(Manifest manifest, Lockfile lockfile, TargetSystem target) {
      LockResolver resolver = new LockResolver();
      List<ResolvedPackage> packages =
          new ArrayList<>(resolver.resolve(manifest, lockfile, target));
      packages.addAll(resolver.activationPackages(lockfile, target));
      Map<FlakeCatalog, List<String>> installables = new LinkedHashMap<>();
      for (ResolvedPackage pkg : packages) {
        for (ResolvedOutput output : pkg.outputs()) {
          Source source = byPath.get(output.path().path());
          if (source != null) {
            installables
                .computeIfAbsent(source.flake(), unused -> new ArrayList<>())
                .add(source.flake().installable(source.attrPath(), source.output()));
          }
        }
      }
      installables.forEach(FlakeCatalog::build);
    }
  }

  /** What the current lock has, for entries whose meaning did not change. */
  private static final class PreviousLock {
    static final PreviousLock NONE = new PreviousLock(null, null);

    private final JsonNode json;
    private final Lockfile lockfile;

    private PreviousLock(JsonNode json, Lockfile lockfile) {
      this.json = json;
      this.lockfile = lockfile;
    }

    /**
     * The environment's lock; none when it is missing or unreadable (then all is resolved anew).
     */
    static PreviousLock read(EnvironmentDirectory environment) {
      if (!environment.hasLockfile()) {
        return NONE;
      }
      try {
        Lockfile lockfile = environment.lockfile();
        if (lockfile.composed()) {
          return NONE;
        }
        return new PreviousLock(Json.mapper().readTree(environment.lockfilePath().toFile()), lockfile);
      } catch (FloxjException | java.io.IOException unreadable) {
        return NONE;
      }
    }

    ObjectNode entry(String installId, Descriptor descriptor, Manifest manifest, String system) {
      if (lockfile == null) {
        return null;
      }
      Descriptor locked = lockfile.manifest().install().get(installId);
      if (locked == null
          || !LockFreshness.sameMeaning(
              descriptor, manifest.schema(), locked, lockfile.manifest().schema())) {
        return null;
      }
      return find(json.path("packages"), installId, system);
    }

    ObjectNode activationEntry(String installId, String system) {
      return json == null
          ? null
          : find(json.path(Lockfile.ACTIVATION_PACKAGES_KEY), installId, system);
    }

    private static ObjectNode find(JsonNode entries, String installId, String system) {
      for (JsonNode entry : entries) {
        if (installId.equals(entry.path("install_id").asText())
            && system.equals(entry.path("system").asText())
            && entry instanceof ObjectNode object) {
          return object.deepCopy();
        }
      }
      return null;
    }
  }
}
