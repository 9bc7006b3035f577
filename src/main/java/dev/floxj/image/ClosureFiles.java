package dev.floxj.image;

import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks for well-known files in the image's closure, such as a CA bundle: in the given packages
 * first (the environment's own, then the image's CA bundle and locales), then in the rest of the
 * closure in store-path order, so the answer is the same on every run. Also answers whether a
 * store path is in the image at all.
 */
public final class ClosureFiles {
  private final List<StorePath> searchOrder;
  private final Set<String> closure;
  private final StoreTree files;

  /**
   * @param packages the environment's package outputs, in the order they were installed
   * @param closure every store path of the image
   * @param files what is inside the store paths
   */
  public ClosureFiles(List<StorePath> packages, Collection<StorePath> closure, StoreTree files) {
    Set<StorePath> order = new LinkedHashSet<>(packages);
    order.addAll(closure.stream().sorted().toList());
    this.searchOrder = new ArrayList<>(order);
    this.closure = new java.util.HashSet<>();
    closure.forEach(path -> this.closure.add(path.path()));
    this.files = files;
  }

  /** Whether {@code storePath} (e.g. {@code /nix/store/<hash>-python3}) is in the image. */
  public boolean contains(String storePath) {
    return closure.contains(storePath);
  }

  /** The absolute path in the image of the first {@code <store path>/<relative>} that exists. */
  public Optional<String> find(String relative) {
    try {
      for (StorePath path : searchOrder) {
        String candidate = path.path() + "/" + relative;
        if (files.kind(candidate) != StoreTree.Kind.MISSING) {
          return Optional.of(candidate);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
