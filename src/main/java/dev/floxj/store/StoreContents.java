package dev.floxj.store;

import java.io.IOException;

/** Where the files of store paths are read from: a local store's directory, or a binary cache. */
public interface StoreContents {
  /** Visits {@code path} and everything below it, in NAR order. */
  void walk(StorePath path, StoreFileVisitor visitor) throws IOException;

  /**
   * Whether the {@link StoreFileVisitor.Content} of a regular file in {@code path} can still be
   * opened after the walk that handed it out, on any thread. Then a layer can keep the walk that
   * measured it and write from it, rather than walking its store paths a second time.
   */
  default boolean contentOpensAfterWalk(StorePath path) {
    return false;
  }
}
