package dev.floxj.resolution;

import dev.floxj.FloxjException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A Linux system an image can be built for, with its Nix and OCI names. */
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

  private static String choices() {
    return Arrays.stream(values()).map(TargetSystem::nixSystem).collect(Collectors.joining(" or "));
  }

  @Override
  public String toString() {
    return nixSystem;
  }
}
