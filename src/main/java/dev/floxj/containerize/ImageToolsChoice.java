package dev.floxj.containerize;

import dev.floxj.FloxjException;
import dev.floxj.locking.FlakeImageTools;
import dev.floxj.manifest.Lockfile;
import dev.floxj.resolution.BuiltInImageTools;
import dev.floxj.resolution.ImageTools;
import dev.floxj.resolution.ImageToolsSource;
import dev.floxj.resolution.LockResolver;
import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Picks the image's bash, coreutils, CA bundle and locales ({@link ImageTools}) from the source
 * {@link ImageToolsSource} names. Without one: those the lock has (floxj locks them); the rest
 * (all four in every lock flox writes) from the catalog when Nix is installed, else from floxj's
 * built-in store paths. A catalog Nix cannot
 * read (offline, say) falls back to the built-in paths, with a line saying so.
 */
public final class ImageToolsChoice {
  private ImageToolsChoice() {}

  /**
   * @param catalog the catalog flake reference ({@code --catalog}, {@code FLOXJ_CATALOG}, nixpkgs)
   * @param offline {@code --offline}: Nix downloads nothing either (its {@code --offline})
   * @param detail receives what was chosen and why
   */
  public static ImageTools choose(
      ImageToolsSource source,
      Lockfile lockfile,
      TargetSystem system,
      String catalog,
      Path storeRoot,
      boolean offline,
      Map<String, String> environment,
      Consumer<String> detail) {
    ImageTools tools =
        switch (source.kind()) {
          case NONE -> ImageTools.NONE;
          case BUILT_IN -> BuiltInImageTools.forSystem(system);
          case PATHS -> source.explicitTools("the store paths of " + ImageToolsSource.VARIABLE);
          case FLAKE ->
              FlakeImageTools.resolve(source.flake(), system, storeRoot, offline, environment, detail);
          case DEFAULT -> fromDefaults(lockfile, system, catalog, storeRoot, offline, environment, detail);
        };
    detail.accept("The image's bash, coreutils, CA bundle and locales come from " + tools.source() + ".");
    return tools;
  }

  private static ImageTools fromDefaults(
      Lockfile lockfile,
      TargetSystem system,
      String catalog,
      Path storeRoot,
      boolean offline,
      Map<String, String> environment,
      Consumer<String> detail) {
    ImageTools locked = new LockResolver().lockedImageTools(lockfile, system);
    if (locked.complete()) {
      return locked;
    }
    ImageTools base;
    if (FlakeImageTools.nixAvailable(environment)) {
      try {
        base = FlakeImageTools.resolve(catalog, system, storeRoot, offline, environment, detail);
      } catch (FloxjException e) {
        detail.accept(e.getMessage() + " Using " + BuiltInImageTools.SOURCE + " instead.");
        base = BuiltInImageTools.forSystem(system);
      }
    } else {
      base = BuiltInImageTools.forSystem(system);
    }
    return base.overriddenBy(locked);
  }
}
