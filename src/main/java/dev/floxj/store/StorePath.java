package dev.floxj.store;

import dev.floxj.FloxjException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An absolute Nix store path, {@code /nix/store/<32 nix32 chars>-<name>}, checked on creation.
 *
 * <p>Ordered by {@link #packageNameKey()}, the tie-break nixpkgs' layering uses.
 */
public record StorePath(String path) implements Comparable<StorePath> {
  public static final String STORE_DIR = "/nix/store";
  private static final String PREFIX = STORE_DIR + "/";
  private static final int HASH_LENGTH = 32;
  private static final String NIX32_ALPHABET = "0123456789abcdfghijklmnpqrsvwxyz";
  private static final int MAX_NAME_LENGTH = 211;

  public StorePath {
    String problem = problemWith(path);
    if (problem != null) {
      throw new FloxjException("'" + path + "' is not a Nix store path: " + problem + ".");
    }
  }

  /** Parses a full path, or a base name such as {@code <hash>-hello-2.12}. */
  public static StorePath of(String pathOrBaseName) {
    return new StorePath(
        pathOrBaseName.startsWith("/") ? pathOrBaseName : PREFIX + pathOrBaseName);
  }

  private static String problemWith(String path) {
    if (path == null || !path.startsWith(PREFIX)) {
      return "it does not start with " + PREFIX;
    }
    String base = path.substring(PREFIX.length());
    if (base.length() < HASH_LENGTH + 2 || base.charAt(HASH_LENGTH) != '-') {
      return "it needs a 32-character hash, a dash and a name";
    }
    for (int i = 0; i < HASH_LENGTH; i++) {
      if (NIX32_ALPHABET.indexOf(base.charAt(i)) < 0) {
        return "its hash has a character outside Nix's base-32 alphabet";
      }
    }
    String name = base.substring(HASH_LENGTH + 1);
    if (name.length() > MAX_NAME_LENGTH) {
      return "its name is longer than " + MAX_NAME_LENGTH + " characters";
    }
    if (name.equals(".") || name.equals("..")) {
      return "its name is '" + name + "'";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean allowed =
          (c >= '0' && c <= '9')
              || (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || "+-._?=".indexOf(c) >= 0;
      if (!allowed) {
        return "its name has the character '" + c + "'";
      }
    }
    return null;
  }

  /** The file name under the store directory: {@code <hash>-<name>}. */
  public String baseName() {
    return path.substring(PREFIX.length());
  }

  /** The 32-character nix32 hash. */
  public String hashPart() {
    return baseName().substring(0, HASH_LENGTH);
  }

  /** The part after the hash, e.g. {@code hello-2.12.3}. */
  public String name() {
    return baseName().substring(HASH_LENGTH + 1);
  }

  /**
   * nixpkgs' "package name" key: the {@code /nix/store/<hash>-} prefix moved to the end, so the
   * name decides first and the hash second ({@code hello-2.12-/nix/store/<hash>}).
   */
  public String packageNameKey() {
    return name() + "-" + PREFIX + hashPart();
  }

  @Override
  public int compareTo(StorePath other) {
    // Store paths are ASCII, so comparing chars is comparing bytes.
    return Arrays.compare(
        packageNameKey().getBytes(StandardCharsets.US_ASCII),
        other.packageNameKey().getBytes(StandardCharsets.US_ASCII));
  }

  // equals and hashCode written out: a record's generated ones are bootstrapped through method
  // handles on first use, ~20 classes spun at start-up that the CDS archive does not keep.
  @Override
  public boolean equals(Object other) {
    return other instanceof StorePath storePath && path.equals(storePath.path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path;
  }
}
