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
 * Looks for well-known files in the image's closure, such as a CA bundle: in the environment's
 * own packages first, then in the rest of the closure in store-path order, so the answer is the
 * same on every run.
 */
public final class ClosureFiles {
  private final List<StorePath> searchOrder;
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
    this.files = files;
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
