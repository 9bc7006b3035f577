package dev.floxj.store;

import dev.floxj.FloxjException;
import java.nio.file.Path;

/**
 * A store path asked for is not valid (registered) in a local Nix store; carries the path so a
 * caller can say which package it belongs to.
 */
public class StorePathNotValidException extends FloxjException {
  private static final long serialVersionUID = 1L;

  private final transient StorePath storePath;
  private final transient Path storeRoot;

  public StorePathNotValidException(StorePath storePath, Path storeRoot) {
    super(
        storePath
            + " is not in the Nix store at "
            + storeRoot
            + "; build or substitute it first (e.g. `"
            + LocalStore.nixStoreCommand(storeRoot, "-r " + storePath)
            + "`).");
    this.storePath = storePath;
    this.storeRoot = storeRoot;
  }

  /** The store path that is missing. */
  public StorePath storePath() {
    return storePath;
  }

  /** The root directory of the store that lacks it ({@code /} for the system store). */
  public Path storeRoot() {
    return storeRoot;
  }
}
