package dev.floxj.output;

import dev.floxj.store.StorePath;
import java.util.List;

/** What the archive writer reports while it streams, for messages on stderr. */
public interface ArchiveProgress {
  void storeLayer(int number, List<StorePath> paths);

  void customisationLayer(int number);

  void layerWritten(int number, String diffId, long size);

  void manifests();

  void done();
}
