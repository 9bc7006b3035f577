package dev.floxj.image;

import dev.floxj.Sha256;
import dev.floxj.activation.ActivationFile;
import dev.floxj.manifest.ActivateMode;
import dev.floxj.store.Nix32;
import dev.floxj.store.StorePath;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Names the environment's tree in the image: {@code /nix/store/<hash>-<name>-floxj-env}, where
 * the hash is the SHA-256 of a canonical description of what the tree holds (the member store
 * paths with their priorities, the activation mode, and the activation files' bytes), folded to 20 bytes as Nix folds
 * its hashes and written in Nix's base-32. The same environment therefore always gets the same
 * path, and a different one a different path. The activation files mention the path itself, so
 * they are described as written for a placeholder path of the same name.
 */
public final class EnvironmentStorePath {
  public static final String SUFFIX = "-floxj-env";
  /** Bumped whenever floxj lays out the tree differently for the same inputs. */
  private static final String FORMAT = "floxj-env 2";

  private static final int HASH_BYTES = 20;
  private static final int MAX_NAME = 211;

  private EnvironmentStorePath() {}

  /** The path the activation files are first written for, to describe them. */
  public static String placeholder(String environmentName) {
    return StorePath.STORE_DIR + "/" + "0".repeat(Nix32.encodedLength(HASH_BYTES)) + "-"
        + storeName(environmentName);
  }

  /** The environment's path; {@code placeholderFiles} are the files written for the placeholder. */
  public static String of(
      String environmentName,
      ActivateMode mode,
      List<EnvironmentJoin.Member> members,
      List<ActivationFile> placeholderFiles) {
    String name = storeName(environmentName);
    StringBuilder description = new StringBuilder(FORMAT).append('\n');
    description.append("name ").append(name).append('\n');
    // The mode decides which propagated packages join.
    description.append("mode ").append(mode.keyword()).append('\n');
    members.stream()
        .sorted(
            Comparator.comparing(EnvironmentJoin.Member::storePath)
                .thenComparing(EnvironmentJoin.Member::priority))
        .forEach(
            m -> description.append("member ").append(m.priority()).append(' ')
                .append(m.storePath()).append('\n'));
    placeholderFiles.stream()
        .sorted(Comparator.comparing(ActivationFile::path))
        .forEach(
            f -> description.append("file ").append(f.path()).append(' ')
                .append(Integer.toOctalString(f.mode())).append(' ')
                .append(HexFormat.of().formatHex(Sha256.of(f.content()))).append('\n'));
    byte[] digest = Sha256.of(description.toString().getBytes(StandardCharsets.UTF_8));
    return StorePath.STORE_DIR + "/" + Nix32.encode(fold(digest)) + "-" + name;
  }

  /**
   * {@code <name>-floxj-env}, with the characters a store path name cannot hold replaced by
   * {@code -}, and cut to the length Nix allows.
   */
  static String storeName(String environmentName) {
    StringBuilder name = new StringBuilder();
    for (char c : environmentName.toCharArray()) {
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || "+-._?=".indexOf(c) >= 0;
      name.append(allowed ? c : '-');
    }
    if (name.isEmpty() || name.charAt(0) == '.') {
      name.insert(0, "env");
    }
    int room = MAX_NAME - SUFFIX.length();
    return (name.length() > room ? name.substring(0, room) : name) + SUFFIX;
  }

  /** Nix's compressHash: byte i of the digest is XORed into byte i mod 20. */
  private static byte[] fold(byte[] digest) {
    byte[] folded = new byte[HASH_BYTES];
    for (int i = 0; i < digest.length; i++) {
      folded[i % HASH_BYTES] ^= digest[i];
    }
    return folded;
  }
}
