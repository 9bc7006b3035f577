package dev.floxj.activation;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The shell that runs the activation, the command and the interactive session. flox's image
 * always activates with bash; floxj uses the environment's own {@code bin/bash}, else a bash the
 * image carries anyway (an absolute store path, e.g. the one flox's image adds at low priority),
 * else the environment's {@code bin/sh}.
 *
 * @param path relative to the environment's root ({@code bin/bash}), or absolute
 * @param isBash whether it is bash, whose {@code [profile] bash} script it then also sources
 */
public record Shell(String path, boolean isBash) {
  public static final Shell BASH = new Shell("bin/bash", true);
  public static final Shell SH = new Shell("bin/sh", false);

  public Shell {
    Objects.requireNonNull(path, "path");
  }

  /**
   * The preferred shell: the environment's bash ({@code has} tests a path relative to its root),
   * else {@code imageBash}, else the environment's sh.
   */
  public static Optional<Shell> find(Predicate<String> has, Optional<String> imageBash) {
    if (has.test(BASH.path)) {
      return Optional.of(BASH);
    }
    if (imageBash.isPresent()) {
      return Optional.of(new Shell(imageBash.get(), true));
    }
    return has.test(SH.path) ? Optional.of(SH) : Optional.empty();
  }

  /** The preferred of the environment's own shells. */
  public static Optional<Shell> find(Predicate<String> has) {
    return find(has, Optional.empty());
  }

  /** Where the shell is in the image, for an environment rooted at {@code environmentPath}. */
  public String pathIn(String environmentPath) {
    return path.startsWith("/") ? path : environmentPath + "/" + path;
  }
}
