package dev.floxj.store;

import java.io.IOException;
import java.util.List;

/**
 * Looks inside store paths one name at a time, without walking them whole: what joining package
 * outputs into the image's root needs. Paths are full, e.g. {@code /nix/store/<hash>-hello/bin},
 * and symlinks are never followed.
 */
public interface StoreTree {
  /** What can be at a path. */
  enum Kind {
    DIRECTORY,
    REGULAR_FILE,
    SYMLINK,
    MISSING
  }

  /** What is at {@code path}: a store path or a path below one. */
  Kind kind(String path) throws IOException;

  /** The names in the directory at {@code path}, in no particular order. */
  List<String> list(String path) throws IOException;

  /** The target of the symlink at {@code path}. */
  String readSymlink(String path) throws IOException;

  /**
   * The bytes of the small regular file at {@code path} (a {@code nix-support} file).
   *
   * @throws IOException also when the file holds more than {@code limit} bytes
   */
  byte[] read(String path, int limit) throws IOException;

  /** Whether the regular files at {@code a} and {@code b} hold the same bytes. */
  boolean sameBytes(String a, String b) throws IOException;
}
