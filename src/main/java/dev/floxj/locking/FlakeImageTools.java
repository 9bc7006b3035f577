package dev.floxj.locking;

import dev.floxj.FloxjException;
import dev.floxj.resolution.ImageTools;
import dev.floxj.resolution.TargetSystem;
import dev.floxj.store.StorePath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The image's {@link ImageTools} from a flake standing in for flox's nixpkgs (the catalog, or
 * {@code --image-tools FLAKEREF}): its {@code bash}, {@code coreutils}, {@code cacert} and {@code
 * glibcLocalesUtf8} for the target system, evaluated and built (or substituted) by Nix, the way
 * flox's image takes them from its own nixpkgs. One {@code nix eval} and, for the host's system,
 * one {@code nix build}.
 */
public final class FlakeImageTools {
  /** Attribute of each tool in nixpkgs. */
  private static final Map<String, String> ATTRIBUTES =
      Map.of(
          "bash", "bash",
          "coreutils", "coreutils",
          "cacert", "cacert",
          "locales", "glibcLocalesUtf8");

  private static final List<String> ORDER = List.of("bash", "coreutils", "cacert", "locales");

  private FlakeImageTools() {}

  /** Whether Nix is on the {@code PATH} of {@code environment}. */
  public static boolean nixAvailable(Map<String, String> environment) {
    return NixCommand.find(environment, Path.of("/"), line -> {}).isPresent();
  }

  /**
   * The flake's tools for {@code system}; a tool the flake lacks is left out.
   *
   * @param offline run nix with {@code --offline}: only what it has cached
   * @param progress receives what nix prints
   * @throws FloxjException when nix is missing or cannot evaluate or build the flake
   */
  public static ImageTools resolve(
      String flake,
      TargetSystem system,
      Path storeRoot,
      boolean offline,
      Map<String, String> environment,
      Consumer<String> progress) {
    NixCommand nix =
        NixCommand.find(environment, storeRoot, progress)
            .map(found -> offline ? found.offline() : found)
            .orElseThrow(
                () ->
                    new FloxjException(
                        "Taking the image's bash, coreutils, CA bundle and locales from the flake '"
                            + flake
                            + "' needs Nix, which is not on PATH; install Nix, or choose"
                            + " --image-tools builtin or explicit store paths."));
    FlakeCatalog catalog =
        new FlakeCatalog(nix, flake, "check --image-tools, FLOXJ_IMAGE_TOOLS or the catalog");
    List<FlakeCatalog.Request> requests = new ArrayList<>();
    for (String name : ORDER) {
      List<List<String>> candidates = new ArrayList<>();
      for (String prefix : List.of("legacyPackages", "packages")) {
        candidates.add(List.of(prefix, system.nixSystem(), ATTRIBUTES.get(name)));
      }
      requests.add(new FlakeCatalog.Request(name, candidates));
    }
    Map<String, FlakeCatalog.Evaluation> evaluations = catalog.evaluate(requests);
    Map<String, StorePath> found = new LinkedHashMap<>();
    List<String> installables = new ArrayList<>();
    for (String name : ORDER) {
      FlakeCatalog.Evaluation evaluation = evaluations.get(name);
      if (evaluation.status() != FlakeCatalog.Status.FOUND) {
        continue;
      }
      EvaluatedPackage pkg = evaluation.found();
      String output =
          pkg.outputs().containsKey("out") ? "out" : pkg.outputs().keySet().iterator().next();
      found.put(name, StorePath.of(pkg.outputs().get(output)));
      installables.add(catalog.installable(pkg.attrPath(), output));
    }
    // Another system's tools are evaluated only: their paths come from binary caches when the
    // image is written (building them here would need that architecture or an emulator).
    if (!installables.isEmpty() && system == TargetSystem.host()) {
      catalog.build(installables);
    }
    return new ImageTools(
        Optional.ofNullable(found.get("bash")).map(p -> ImageTools.rootPackage("bash", p)),
        Optional.ofNullable(found.get("coreutils")).map(p -> ImageTools.rootPackage("coreutils", p)),
        Optional.ofNullable(found.get("cacert")),
        Optional.ofNullable(found.get("locales")),
        "the flake '" + flake + "'");
  }
}
