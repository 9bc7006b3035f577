package dev.floxj.image;

import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarEntryType;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The tar entries of a layer's measuring walk, packed into byte chunks so that writing the layer
 * need not walk its store paths again: per entry its type, mode, size, name and link target
 * (19 bytes plus the strings' UTF-8). Owner and mtime are the layer's own.
 *
 * <p>Chunks go back to a shared pool once the layer is written and are reused by the layers
 * measured after it: however many layers an image has, the kept walks take no more memory than
 * the most that waits to be written at once (kept as objects, they would be promoted to the old
 * generation and pile up there, dead, until a full collection).
 */
final class KeptWalk {
  static final int CHUNK_SIZE = 8 * 1024;
  private static final int FIXED_BYTES = 1 + 2 + 8 + 4 + 4;
  private static final TarEntryType[] TYPES = TarEntryType.values();
  private static final ConcurrentLinkedQueue<ByteBuffer> FREE_CHUNKS =
      new ConcurrentLinkedQueue<>();

  private final long maxBytes;
  private final List<ByteBuffer> chunks = new ArrayList<>();
  private ByteBuffer chunk;
  private long bytes;
  private boolean overflowed;

  /** A walk that gives up keeping (and frees what it kept) once it would pass {@code maxBytes}. */
  KeptWalk(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Receives the kept entries in walk order. */
  @FunctionalInterface
  interface EntryConsumer {
    void accept(TarEntry entry) throws IOException;
  }

  void add(TarEntry entry) {
    if (overflowed) {
      return;
    }
    byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
    byte[] target = entry.linkTarget().getBytes(StandardCharsets.UTF_8);
    int length = FIXED_BYTES + name.length + target.length;
    if (chunk == null || chunk.remaining() < length) {
      chunk = newChunk(length);
      chunks.add(chunk);
      bytes += chunk.capacity();
    }
    chunk
        .put((byte) entry.type().ordinal())
        .putShort((short) entry.mode())
        .putLong(entry.size())
        .putInt(name.length)
        .put(name)
        .putInt(target.length)
        .put(target);
    if (bytes > maxBytes) {
      overflowed = true;
      release();
    }
  }

  /** Whether the walk grew past its limit, so that nothing of it is kept. */
  boolean overflowed() {
    return overflowed;
  }

  /** The memory the kept entries take. */
  long bytes() {
    return bytes;
  }

  /**
   * Hands each kept entry, rebuilt with {@code owner} and {@code mtime}, to {@code consumer}, then
   * gives the chunks back to the pool: a walk is replayed once.
   */
  void replay(TarOwner owner, long mtime, EntryConsumer consumer) throws IOException {
    try {
      for (ByteBuffer kept : chunks) {
        kept.flip();
        while (kept.hasRemaining()) {
          TarEntryType type = TYPES[kept.get()];
          int mode = kept.getShort();
          long size = kept.getLong();
          String name = string(kept);
          String target = string(kept);
          consumer.accept(new TarEntry(name, type, mode, owner, mtime, size, target));
        }
      }
    } finally {
      release();
    }
  }

  /** Gives the chunks back without replaying them (the layer will not be written). */
  void release() {
    for (ByteBuffer kept : chunks) {
      if (kept.capacity() == CHUNK_SIZE) {
        FREE_CHUNKS.add(kept.clear());
      }
    }
    chunks.clear();
    chunk = null;
    bytes = 0;
  }

  private static ByteBuffer newChunk(int atLeast) {
    if (atLeast <= CHUNK_SIZE) {
      ByteBuffer reused = FREE_CHUNKS.poll();
      return reused != null ? reused : ByteBuffer.allocate(CHUNK_SIZE);
    }
    return ByteBuffer.allocate(atLeast); // one huge name: not pooled
  }

  private static String string(ByteBuffer entries) {
    int length = entries.getInt();
    String value =
        new String(entries.array(), entries.position(), length, StandardCharsets.UTF_8);
    entries.position(entries.position() + length);
    return value;
  }
}
