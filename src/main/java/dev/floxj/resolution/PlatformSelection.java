package dev.floxj.resolution;

import dev.floxj.FloxjException;
import dev.floxj.manifest.LockedPackage;
import dev.floxj.manifest.Lockfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The platforms an image is built for, as the command line chose them: {@code --platform} values
 * (repeatable and comma-separated, as {@code docker buildx} takes them, or {@code all}), the older
 * {@code --system}, or the host's platform. Which systems {@code all} means, and whether the
 * chosen ones are in the lock, can only be told once the lock is read, so the choice is kept until
 * then and resolved against it ({@link #resolve}).
 *
 * @param systems the systems named, in the order given, each once; empty for {@code all}
 * @param all whether every Linux system of the lock was asked for
 * @param explicit whether {@code --platform} named them (then a system the lock lacks is an
 *     error here, naming the systems it has; else the resolver's own messages apply)
 */
public record PlatformSelection(List<TargetSystem> systems, boolean all, boolean explicit) {
  public static final String ALL = "all";

  public PlatformSelection {
    systems = List.copyOf(systems);
  }

  /** The host's platform: what a build gets when nothing is said. */
  public static PlatformSelection host() {
    return new PlatformSelection(List.of(TargetSystem.host()), false, false);
  }

  /**
   * Parses the command line's choice.
   *
   * @param platforms the {@code --platform} values, each perhaps a comma-separated list
   * @param system the {@code --system} value, or null
   */
  public static PlatformSelection parse(List<String> platforms, TargetSystem system) {
    if (system != null && !platforms.isEmpty()) {
      throw new FloxjException(
          "--system and --platform both choose what to build for; give only one (--platform"
              + " linux/amd64,linux/arm64 builds both).");
    }
    if (system != null) {
      return new PlatformSelection(List.of(system), false, false);
    }
    if (platforms.isEmpty()) {
      return host();
    }
    Set<TargetSystem> chosen = new LinkedHashSet<>();
    boolean all = false;
    for (String value : platforms) {
      for (String item : value.split(",", -1)) {
        String platform = item.trim();
        if (platform.isEmpty()) {
          throw new FloxjException(
              "--platform '" + value + "' has an empty item; write platforms separated by commas,"
                  + " e.g. linux/amd64,linux/arm64.");
        }
        if (platform.equals(ALL)) {
          all = true;
        } else {
          chosen.add(TargetSystem.parsePlatform(platform));
        }
      }
    }
    if (all && !chosen.isEmpty()) {
      throw new FloxjException(
          "--platform all already means every Linux system of the lock; drop the other platforms"
              + " or drop all.");
    }
    return new PlatformSelection(new ArrayList<>(chosen), all, true);
  }

  /**
   * The systems to build, in the order asked ({@code all}: the lock's Linux systems in {@link
   * TargetSystem}'s order, amd64 first).
   */
  public List<TargetSystem> resolve(Lockfile lockfile) {
    Set<String> locked = lockedSystems(lockfile);
    if (all) {
      List<TargetSystem> linux = new ArrayList<>();
      for (TargetSystem target : TargetSystem.values()) {
        if (locked.contains(target.nixSystem())) {
          linux.add(target);
        }
      }
      if (linux.isEmpty()) {
        List<String> systems = systemsOf(lockfile);
        if (systems.isEmpty()) {
          // No package at all: the image holds the activation only; build the host's.
          return List.of(TargetSystem.host());
        }
        throw new FloxjException(
            "--platform all found no Linux system in manifest.lock (it has "
                + String.join(", ", systems)
                + "); add x86_64-linux or aarch64-linux to options.systems in manifest.toml and"
                + " re-lock with `floxj lock`.");
      }
      return List.copyOf(linux);
    }
    if (explicit && !locked.isEmpty()) {
      for (TargetSystem target : systems) {
        if (!locked.contains(target.nixSystem())) {
          throw new FloxjException(
              "manifest.lock has no packages for "
                  + target.platformName()
                  + " ("
                  + target.nixSystem()
                  + "): it has "
                  + String.join(", ", systemsOf(lockfile))
                  + "; add "
                  + target.nixSystem()
                  + " to options.systems in manifest.toml and re-lock with `floxj lock`, or"
                  + " choose another --platform.");
        }
      }
    }
    return systems;
  }

  /** The systems of the lock's package entries (activation packages follow them). */
  private static Set<String> lockedSystems(Lockfile lockfile) {
    Set<String> systems = new TreeSet<>();
    for (LockedPackage entry : lockfile.packages()) {
      systems.add(entry.system());
    }
    return systems;
  }

  private static List<String> systemsOf(Lockfile lockfile) {
    return List.copyOf(lockedSystems(lockfile));
  }
}
