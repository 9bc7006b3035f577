package dev.floxj.store;

import java.io.IOException;

/** Where the files of store paths are read from: a local store's directory, or a binary cache. */
public interface StoreContents {
  /** Visits {@code path} and everything below it, in NAR order. */
  void walk(StorePath path, StoreFileVisitor visitor) throws IOException;
}
