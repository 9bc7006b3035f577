package dev.floxj.resolution;

import dev.floxj.FloxjException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A Linux system an image can be built for, with its Nix and OCI names: the lock speaks Nix
 * systems ({@code aarch64-linux}), images and {@code --platform} speak OCI platforms ({@code
 * linux/arm64/v8}), and this is the one place that maps between them.
 */
public enum TargetSystem {
  X86_64_LINUX("x86_64-linux", "amd64"),
  AARCH64_LINUX("aarch64-linux", "arm64");

  /** Systems a lock may hold but no Linux image can run. */
  private static final Set<String> NON_IMAGE_SYSTEMS = Set.of("x86_64-darwin", "aarch64-darwin");

  private final String nixSystem;
  private final String ociArchitecture;

  TargetSystem(String nixSystem, String ociArchitecture) {
    this.nixSystem = nixSystem;
    this.ociArchitecture = ociArchitecture;
  }

  /** The Nix system name, as in manifest.lock: {@code x86_64-linux}. */
  public String nixSystem() {
    return nixSystem;
  }

  /** The image config's {@code architecture}: {@code amd64} or {@code arm64}. */
  public String ociArchitecture() {
    return ociArchitecture;
  }

  /**
   * The platform's {@code variant}: {@code v8} for arm64 (as nixpkgs' {@code go.GOARCH} and
   * flox's images have it), null for amd64, which has none.
   */
  public String ociVariant() {
    return this == AARCH64_LINUX ? "v8" : null;
  }

  /** The image config's {@code os}. */
  public String ociOs() {
    return "linux";
  }

  /** The platform as docker and skopeo print it: {@code linux/amd64} or {@code linux/arm64/v8}. */
  public String platformName() {
    return ociOs() + "/" + ociArchitecture + (ociVariant() == null ? "" : "/" + ociVariant());
  }

  /**
   * Parses a {@code --platform} value as {@code docker buildx} writes them: {@code linux/amd64},
   * {@code linux/arm64} or {@code linux/arm64/v8} (a bare {@code amd64} or {@code arm64} means
   * Linux too).
   */
  public static TargetSystem parsePlatform(String platform) {
    String[] parts = platform.trim().toLowerCase(Locale.ROOT).split("/", -1);
    String os = parts.length == 1 ? "linux" : parts[0];
    String architecture = parts.length == 1 ? parts[0] : parts[1];
    String variant = parts.length > 2 ? parts[2] : null;
    if (os.equals("darwin") || os.equals("windows")) {
      throw new FloxjException(
          "--platform '"
              + platform
              + "' cannot be built: container images run Linux; use "
              + platformChoices()
              + ".");
    }
    if (parts.length <= 3 && os.equals("linux")) {
      for (TargetSystem target : values()) {
        boolean variantMatches =
            variant == null || variant.equals(target.ociVariant() == null ? "" : target.ociVariant());
        if (target.ociArchitecture.equals(architecture) && variantMatches) {
          return target;
        }
      }
    }
    throw new FloxjException(
        "Unknown platform '" + platform + "'; use " + platformChoices() + " (or all).");
  }

  /** Parses a {@code --system} value such as {@code aarch64-linux}. */
  public static TargetSystem parse(String system) {
    for (TargetSystem target : values()) {
      if (target.nixSystem.equals(system)) {
        return target;
      }
    }
    if (NON_IMAGE_SYSTEMS.contains(system)) {
      throw new FloxjException(
          "'"
              + system
              + "' cannot be an image target: container images run Linux; use "
              + choices()
              + ".");
    }
    throw new FloxjException("Unknown system '" + system + "'; use " + choices() + ".");
  }

  /**
   * The host's own Linux system, from the JVM's {@code os.arch} (also on macOS: images are Linux).
   */
  public static TargetSystem host() {
    return fromOsArch(System.getProperty("os.arch", ""));
  }

  static TargetSystem fromOsArch(String osArch) {
    switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64":
      case "x86_64":
        return X86_64_LINUX;
      case "aarch64":
      case "arm64":
        return AARCH64_LINUX;
      default:
        throw new FloxjException(
            "This machine's architecture '"
                + osArch
                + "' has no image target; pass --system with one of "
                + choices()
                + ".");
    }
  }

  private static String platformChoices() {
    return Arrays.stream(values())
        .map(target -> "linux/" + target.ociArchitecture)
        .collect(Collectors.joining(" or "));
  }

  private static String choices() {
    return Arrays.stream(values()).map(TargetSystem::nixSystem).collect(Collectors.joining(" or "));
  }

  @Override
  public String toString() {
    return nixSystem;
  }
}
