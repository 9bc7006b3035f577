package dev.floxj.activation;

import java.util.Objects;

/**
 * One file of the activation, placed in the environment's tree.
 *
 * @param path relative to the environment's root, e.g. {@code activate.d/interactive.rc}
 * @param mode permission bits: 0555 for the entry script, 0444 for the sourced ones
 */
public record ActivationFile(String path, int mode, byte[] content) {
  public ActivationFile {
    Objects.requireNonNull(path, "path");
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }
}
