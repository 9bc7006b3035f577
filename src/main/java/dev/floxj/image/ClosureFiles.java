package dev.floxj.image;

import dev.floxj.store.StorePath;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Looks for well-known files in the image's closure, such as a CA bundle: in the environment's
 * own packages first, then in the rest of the closure in store-path order, so the answer is the
 * same on every run.
 */
public final class ClosureFiles {
  private final List<StorePath> searchOrder;
  private final Function<StorePath, Path> fileOf;

  /**
   * @param packages the environment's package outputs, in the order they were installed
   * @param closure every store path of the image
   * @param fileOf where a store path's files are on this machine
   */
  public ClosureFiles(
      List<StorePath> packages, Collection<StorePath> closure, Function<StorePath, Path> fileOf) {
    Set<StorePath> order = new LinkedHashSet<>(packages);
    order.addAll(closure.stream().sorted().toList());
    this.searchOrder = new ArrayList<>(order);
    this.fileOf = fileOf;
  }

  /** The absolute path in the image of the first {@code <store path>/<relative>} that exists. */
  public Optional<String> find(String relative) {
    for (StorePath path : searchOrder) {
      if (Files.exists(fileOf.apply(path).resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(path.path() + "/" + relative);
      }
    }
    return Optional.empty();
  }
}
