package dev.floxj.activation;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * The shell that runs the activation, the command and the interactive session: the
 * environment's {@code bin/bash}, else its {@code bin/sh}.
 *
 * @param path where it is, relative to the environment's root, or absolute (the image root's bash,
 *     from a store path of its own, when the environment has no shell)
 * @param isBash whether it is bash, whose {@code [profile] bash} script it then also sources
 */
public record Shell(String path, boolean isBash) {
  public static final Shell BASH = new Shell("bin/bash", true);
  public static final Shell SH = new Shell("bin/sh", false);

  /** Where it is in an image whose environment is at {@code environmentPath}. */
  public String pathIn(String environmentPath) {
    return path.startsWith("/") ? path : environmentPath + "/" + path;
  }

  /** The preferred shell among those the environment has; {@code has} tests a relative path. */
  public static Optional<Shell> find(Predicate<String> has) {
    if (has.test(BASH.path)) {
      return Optional.of(BASH);
    }
    return has.test(SH.path) ? Optional.of(SH) : Optional.empty();
  }
}
