package dev.floxj.tar;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A destination that takes whole buffers over instead of copying bytes out of them, so a writer
 * can fill one buffer while the previous one is still being consumed (e.g. hashed on another
 * thread). A {@link TarWriter} given an output stream that implements this fills the buffers it
 * takes from it.
 */
public interface BufferHandoff {
  /** An empty buffer to fill (position 0, limit = capacity); may wait until one is free. */
  ByteBuffer take() throws IOException;

  /**
   * Passes on the bytes of {@code filled} from 0 to its position. The buffer belongs to the
   * destination from then on: the caller must not touch it again.
   */
  void handOver(ByteBuffer filled) throws IOException;
}
