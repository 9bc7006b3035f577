package dev.floxj.manifest;

import java.util.Objects;

/**
 * The {@code [containerize]} table: flox's {@code config}, plus floxj's own {@code name}, {@code
 * tag}, {@code max-layers} and {@code created}, each null when not given.
 *
 * @param created the image's creation time as written: {@code now} or an ISO-8601 date-time
 */
public record ContainerizeSettings(
    String name, String tag, Integer maxLayers, String created, ContainerConfig config) {

  public static final ContainerizeSettings NONE =
      new ContainerizeSettings(null, null, null, null, ContainerConfig.NONE);

  public ContainerizeSettings {
    Objects.requireNonNull(config, "config");
  }

  /** Settings without a creation time. */
  public ContainerizeSettings(String name, String tag, Integer maxLayers, ContainerConfig config) {
    this(name, tag, maxLayers, null, config);
  }
}
