package dev.floxj.resolution;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The bash and coreutils that the image's activation uses, as the lock provides them for the target
 * system (floxj locks them from the catalog, like flox's image has them); either may be absent,
 * e.g. in a lock flox wrote. They join the environment at {@link #PRIORITY}, below every package
 * the environment installs itself.
 */
public record ActivationTools(Optional<ResolvedPackage> bash, Optional<ResolvedPackage> coreutils) {
  /** Their priority: lower than any an install entry can have, so the environment's own win. */
  public static final int PRIORITY = Integer.MAX_VALUE;

  public static final ActivationTools NONE =
      new ActivationTools(Optional.empty(), Optional.empty());

  public ActivationTools {
    Objects.requireNonNull(bash, "bash");
    Objects.requireNonNull(coreutils, "coreutils");
  }

  /** The ones present, bash first. */
  public List<ResolvedPackage> packages() {
    return Stream.of(bash, coreutils).flatMap(Optional::stream).toList();
  }
}
