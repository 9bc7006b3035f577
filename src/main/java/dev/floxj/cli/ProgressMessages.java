package dev.floxj.cli;

import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Platform;
import dev.floxj.target.WriteProgress;
import dev.floxj.store.StorePath;
import java.util.List;
import java.util.stream.Collectors;

/** The streamer's messages of nixpkgs and flox 0.x, on stderr. */
final class ProgressMessages implements WriteProgress {
  private final Console console;

  ProgressMessages(Console console) {
    this.console = console;
  }

  @Override
  public void platform(Platform platform, int number, int count) {
    console.info("Writing the " + platform + " image (platform " + number + " of " + count + ")...");
  }

  @Override
  public void storeLayer(int number, List<StorePath> paths) {
    // Python's list repr, as the seed printed it.
    console.info(
        "Creating layer "
            + number
            + " from paths: "
            + paths.stream().map(p -> "'" + p + "'").collect(Collectors.joining(", ", "[", "]")));
  }

  @Override
  public void customisationLayer(int number) {
    console.info("Creating layer " + number + " with customisation...");
  }

  @Override
  public void layerWritten(int number, Digest diffId, long size) {
    console.detail("Layer " + number + ": " + diffId + ", " + size + " bytes");
  }

  @Override
  public void manifests() {
    console.info("Adding manifests...");
  }

  @Override
  public void done() {
    console.info("Done.");
  }
}
