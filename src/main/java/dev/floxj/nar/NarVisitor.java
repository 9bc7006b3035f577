package dev.floxj.nar;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Receives the entries of a NAR in archive order: the root, then, for a directory, each entry
 * depth first with siblings sorted by name bytes. Paths are relative to the root and
 * {@code /}-separated; the root itself is {@code ""}.
 */
public interface NarVisitor {
  /** A visitor that only lets the reader check the archive. */
  NarVisitor CHECK_ONLY =
      new NarVisitor() {
        @Override
        public void directory(String path) {}

        @Override
        public void regularFile(String path, boolean executable, long size, ReadableByteChannel content) {}

        @Override
        public void symlink(String path, String target) {}
      };

  void directory(String path) throws IOException;

  /**
   * A regular file of {@code size} bytes. {@code content} yields exactly those bytes and is valid
   * only during this call; whatever is left unread is skipped.
   */
  void regularFile(String path, boolean executable, long size, ReadableByteChannel content)
      throws IOException;

  void symlink(String path, String target) throws IOException;
}
