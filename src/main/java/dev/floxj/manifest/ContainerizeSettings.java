package dev.floxj.manifest;

import java.util.Objects;

/**
 * The {@code [containerize]} table: flox's {@code config}, plus floxj's own {@code name}, {@code
 * tag} and {@code max-layers}, each null when not given.
 */
public record ContainerizeSettings(
    String name, String tag, Integer maxLayers, ContainerConfig config) {

  public static final ContainerizeSettings NONE =
      new ContainerizeSettings(null, null, null, ContainerConfig.NONE);

  public ContainerizeSettings {
    Objects.requireNonNull(config, "config");
  }
}
