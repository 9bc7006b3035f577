package dev.floxj.store;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Receives the files of a store path in NAR order: the path itself, then, for a directory, each
 * entry depth first with siblings sorted by name bytes. Names are full store paths, e.g.
 * {@code /nix/store/<hash>-hello/bin/hello}.
 */
public interface StoreFileVisitor {
  void directory(String name, int mode) throws IOException;

  /**
   * A regular file of {@code size} bytes; {@code content} may be opened at most once, and only
   * during this call (a visitor that only needs metadata never opens it).
   */
  void regularFile(String name, int mode, long size, Content content) throws IOException;

  void symlink(String name, String target) throws IOException;

  /** A file's bytes, opened on demand. The caller closes the channel. */
  @FunctionalInterface
  interface Content {
    ReadableByteChannel open() throws IOException;
  }
}
