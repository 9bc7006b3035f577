package dev.floxj.target;

import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.Platform;
import dev.floxj.store.StorePath;
import java.util.List;
import java.util.function.LongSupplier;

/** What a destination reports while it writes an image, for messages on stderr. */
public interface WriteProgress {
  /**
   * A multi-platform write starts the image of {@code platform}, the {@code number}th of {@code
   * count}; the layer numbers that follow are that image's.
   */
  default void platform(Platform platform, int number, int count) {}

  /**
   * The writing starts: {@code layers} layers, and how many bytes are out so far, which a
   * progress display may read from another thread at any time.
   */
  default void started(int layers, LongSupplier bytesWritten) {}

  /** Layer {@code number} (from 1) starts: the customisation layer or one of store paths. */
  default void layer(int number, Layer layer) {
    if (layer.isCustomisation()) {
      customisationLayer(number);
    } else {
      storeLayer(number, layer.storePaths());
    }
  }

  void storeLayer(int number, List<StorePath> paths);

  void customisationLayer(int number);

  void layerWritten(int number, Digest diffId, long size);

  void manifests();

  void done();

  /** Reports nothing: for the destinations written after the first from the same layers. */
  WriteProgress SILENT =
      new WriteProgress() {
        @Override
        public void storeLayer(int number, List<StorePath> paths) {}

        @Override
        public void customisationLayer(int number) {}

        @Override
        public void layerWritten(int number, Digest diffId, long size) {}

        @Override
        public void manifests() {}

        @Override
        public void done() {}
      };
}
