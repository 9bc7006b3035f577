package dev.floxj.containerize;

import dev.floxj.FloxjException;
import dev.floxj.image.ClosureFiles;
import dev.floxj.image.CustomisationLayer;
import dev.floxj.image.EnvironmentImage;
import dev.floxj.image.EnvironmentJoin;
import dev.floxj.image.StoreLayer;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageConfig;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.Platform;
import dev.floxj.layering.LayerPlan;
import dev.floxj.manifest.ContainerizeSettings;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.Manifest;
import dev.floxj.resolution.ImageTools;
import dev.floxj.resolution.ImageToolsSource;
import dev.floxj.resolution.LockResolver;
import dev.floxj.resolution.ResolvedOutput;
import dev.floxj.resolution.ResolvedPackage;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.store.ClosureGraph;
import dev.floxj.store.StorePath;
import dev.floxj.substitution.StoreSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Prepares the image of an environment, stage by stage: manifest and lock, the packages' store
 * paths for the target system, their closure, the environment's image (its tree, activation, root
 * filesystem and config), and the layers.
 * Nothing of the closure's content is read here; that happens once, while the image streams.
 */
public final class Containerizer {
  public static final int DEFAULT_MAX_LAYERS = 100;
  public static final int MAX_LAYERS_LIMIT = 125;

  private final Consumer<String> warnings;

  /** A containerizer whose warnings are dropped. */
  public Containerizer() {
    this(warning -> {});
  }

  /** @param warnings receives a sentence for each thing worth knowing, e.g. a dangling symlink */
  public Containerizer(Consumer<String> warnings) {
    this.warnings = warnings;
  }

  /** Prepares the image from the local store under the request's store root alone. */
  public PreparedImage prepare(ContainerizeRequest request) {
    return prepare(request, StoreSource.localOnly(request.storeRoot()), ImageTools.NONE);
  }

  /**
   * Prepares one image per system, in the order given, each from that system's lock entries,
   * closure, image tools, layering and config; {@code store} serves them all, so a store path
   * two systems share is fetched once. {@code onSystem} hears of each before its tools and
   * closure are looked up (progress: which platform is being fetched).
   *
   * @param tools each system's bash, coreutils, CA bundle and locales
   */
  public List<PreparedImage> prepare(
      ContainerizeRequest request,
      List<TargetSystem> systems,
      StoreSource store,
      Function<TargetSystem, ImageTools> tools,
      Consumer<TargetSystem> onSystem) {
    List<PreparedImage> prepared = new ArrayList<>();
    for (TargetSystem system : systems) {
      onSystem.accept(system);
      prepared.add(prepare(request.withSystem(system), store, tools.apply(system)));
    }
    return List.copyOf(prepared);
  }

  /**
   * Prepares the image with store paths from {@code store} (the local store, then caches).
   *
   * @param tools the image's bash, coreutils, CA bundle and locales
   */
  public PreparedImage prepare(ContainerizeRequest request, StoreSource store, ImageTools tools) {
    EnvironmentDirectory environment = EnvironmentDirectory.open(request.environmentDirectory());
    Manifest manifestToml = environment.manifest();
    Lockfile lockfile = environment.lockfile();
    // A composed environment is its lock's merged manifest, as flox containerizes it.
    Manifest manifest = lockfile.forImage(manifestToml);
    ContainerizeSettings settings = environment.containerizeSettings(manifest);
    int maxLayers = maxLayers(request, settings);
    ImageReference reference =
        ImageReference.forEnvironment(
            settings.name() != null ? settings.name() : environment.name(),
            request.tag() != null
                ? request.tag()
                : settings.tag() != null ? settings.tag() : ImageReference.DEFAULT_TAG);

    List<ResolvedPackage> packages =
        new LockResolver().resolve(manifestToml, lockfile, request.system());
    ClosureGraph closure =
        store.closure(
            roots(packages, tools, request.system() == TargetSystem.host() ? null : request.system()));
    List<List<StorePath>> plan = LayerPlan.plan(closure, maxLayers).layers();
    store.prefetch(fetchOrder(packages, tools, plan));
    // The environment's own packages are searched first for a CA bundle and locales, then the
    // image's, then the rest of the closure.
    List<StorePath> searchFirst = new ArrayList<>(storePaths(packages));
    tools.cacert().ifPresent(searchFirst::add);
    tools.locales().ifPresent(searchFirst::add);
    EnvironmentImage environmentImage =
        EnvironmentImage.build(
            new EnvironmentImage.Request(
                environment.name(),
                manifest,
                request.mode(),
                request.labels(),
                members(packages),
                tools.rootPackages().stream()
                    .flatMap(pkg -> pkg.storePaths().stream())
                    .map(StorePath::path)
                    .toList(),
                store.tree(),
                new ClosureFiles(searchFirst, closure.paths(), store.tree()),
                warnings));

    List<Layer> layers = new ArrayList<>();
    for (List<StorePath> paths : plan) {
      layers.add(
          new Layer(
              new StoreLayer(
                  store.contents(), paths, environmentImage.storeOwner(), StoreLayer.DEFAULT_MTIME),
              paths));
    }
    layers.add(
        new Layer(
            new CustomisationLayer(environmentImage.root(), StoreLayer.DEFAULT_MTIME), List.of()));

    ImageConfig config =
        new ImageConfig(
            Platform.linux(request.system().ociArchitecture(), request.system().ociVariant()),
            BuildTime.choose(request.created(), settings.created()),
            environmentImage.config());
    return new PreparedImage(reference, new Image(config, layers));
  }

  private static int maxLayers(ContainerizeRequest request, ContainerizeSettings settings) {
    String source = request.maxLayers() != null ? "--max-layers" : "[containerize] max-layers";
    Integer chosen = request.maxLayers() != null ? request.maxLayers() : settings.maxLayers();
    int maxLayers = chosen != null ? chosen : DEFAULT_MAX_LAYERS;
    if (maxLayers < 2 || maxLayers > MAX_LAYERS_LIMIT) {
      throw new FloxjException(
          source
              + " is "
              + maxLayers
              + ", but an image needs 2 to "
              + MAX_LAYERS_LIMIT
              + " layers (one store layer at least, plus the customisation layer; Docker refuses"
              + " more than 125).");
    }
    return maxLayers;
  }

  /**
   * The packages' outputs, then the image's tools, each with who needs it (for errors about
   * missing paths); a system other than the host's is named too, since its paths can only come
   * from binary caches.
   */
  private static Map<StorePath, String> roots(
      List<ResolvedPackage> packages, ImageTools tools, TargetSystem foreign) {
    String on = foreign == null ? "" : " on " + foreign.nixSystem();
    Map<StorePath, String> roots = new LinkedHashMap<>();
    for (ResolvedPackage pkg : packages) {
      for (ResolvedOutput output : pkg.outputs()) {
        roots.putIfAbsent(
            output.path(),
            "package '" + pkg.installId() + "' (output '" + output.name() + "')" + on);
      }
    }
    for (StorePath path : tools.storePaths()) {
      roots.putIfAbsent(
          path,
          "the image's bash, coreutils, CA bundle and locales" + on + " (from "
              + tools.source()
              + "; choose another source with --image-tools or "
              + ImageToolsSource.VARIABLE
              + ")");
    }
    return roots;
  }

  /**
   * The packages' outputs and the image's tools first (the root filesystem needs them now), then
   * layer by layer.
   */
  private static List<StorePath> fetchOrder(
      List<ResolvedPackage> packages, ImageTools tools, List<List<StorePath>> plan) {
    Set<StorePath> order = new LinkedHashSet<>(storePaths(packages));
    order.addAll(tools.storePaths());
    plan.forEach(order::addAll);
    return List.copyOf(order);
  }

  private static List<EnvironmentJoin.Member> members(List<ResolvedPackage> packages) {
    List<EnvironmentJoin.Member> members = new ArrayList<>();
    for (ResolvedPackage pkg : packages) {
      for (ResolvedOutput output : pkg.outputs()) {
        members.add(
            new EnvironmentJoin.Member(
                pkg.installId(), output.joinPriority(), output.path().path()));
      }
    }
    return members;
  }

  private static List<StorePath> storePaths(List<ResolvedPackage> packages) {
    return packages.stream().flatMap(pkg -> pkg.storePaths().stream()).toList();
  }
}
