package dev.floxj.target;

import dev.floxj.Sha256;
import dev.floxj.tar.BufferHandoff;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A destination's way out: the buffers the tar writers fill are hashed (the byte ranges a digest
 * was asked for) and written to the sink on a second thread, so that SHA-256, the bulk of the
 * work, overlaps walking and reading the store. A fixed set of direct buffers circulates, so
 * memory does not grow with the image, and a file's bytes are not copied between the read into
 * a buffer and the write out of it.
 *
 * <p>Any destination streams through it: a docker-archive asks for the range of each layer entry
 * inside one archive, a layout or a registry upload for the whole stream of one blob. Used by one
 * producer thread. A failure of the sink surfaces on the producer's next call.
 */
public final class HashingPipeline extends OutputStream implements BufferHandoff {
  /** Enough to keep both threads busy; more only adds memory. */
  public static final int BUFFER_COUNT = 4;

  private static final Object STOP = new Object();
  private static final int PAGE_SIZE = 4096;

  private final OutputStream out;
  private final WritableByteChannel channel; // when the sink is a file, pipe or channel: no copy out
  private final BlockingQueue<ByteBuffer> free;
  private final BlockingQueue<Object> work = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile Throwable failure;
  private volatile boolean abandoned; // closed without a flush: the run failed, write no more
  private long handedOver;
  private boolean flushed;

  // The consumer thread's own state.
  private final Deque<Range> ranges = new ArrayDeque<>();
  private long consumed;
  private byte[] copyOut;
  private byte[] hashInput;

  public HashingPipeline(OutputStream out, int bufferSize) {
    this.out = out;
    this.channel =
        out instanceof FileOutputStream file
            ? file.getChannel()
            : out instanceof WritableByteChannel writable ? writable : null;
    this.free = new ArrayBlockingQueue<>(BUFFER_COUNT);
    for (int i = 0; i < BUFFER_COUNT; i++) {
      free.add(pageAligned(bufferSize));
    }
    this.thread = new Thread(this::consume, "floxj-hash-and-write");
    thread.setDaemon(true); // never keeps a failed run alive
    thread.start();
  }

  /**
   * The SHA-256 of the {@code length} bytes that start {@code offset} bytes into the stream,
   * completed once they have passed. Ranges must be asked for in stream order, without overlap,
   * before their first byte is handed over.
   */
  public CompletableFuture<byte[]> sha256(long offset, long length) {
    if (offset < handedOver) {
      throw new IllegalStateException("bytes from " + offset + " were already handed over");
    }
    Range range = new Range(offset, offset + length, Sha256.newDigest(), new CompletableFuture<>());
    work.add(range);
    return range.digest;
  }

  /** A digest asked for with {@link #sha256}, once the second thread has seen all of its bytes. */
  public static byte[] await(CompletableFuture<byte[]> digest) throws IOException {
    try {
      return digest.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a layer digest");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("hashing a layer failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public ByteBuffer take() throws IOException {
    throwIfFailed();
    try {
      return free.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a free buffer");
    }
  }

  @Override
  public void handOver(ByteBuffer filled) throws IOException {
    throwIfFailed();
    handedOver += filled.position();
    flushed = false;
    work.add(filled.flip());
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    int at = off;
    int remaining = len;
    while (remaining > 0) {
      ByteBuffer buffer = take();
      int chunk = Math.min(remaining, buffer.remaining());
      buffer.put(b, at, chunk);
      handOver(buffer);
      at += chunk;
      remaining -= chunk;
    }
  }

  /** Waits until everything handed over is hashed and written, and flushes the sink. */
  @Override
  public void flush() throws IOException {
    CountDownLatch done = new CountDownLatch(1);
    work.add(done);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the image to be written");
    }
    throwIfFailed();
    flushed = true;
  }

  /**
   * Stops the second thread. After a successful {@link #flush()} it is idle and is waited for;
   * otherwise (the run failed) it writes nothing more and is left to stop on its own, as a daemon.
   */
  @Override
  public void close() throws IOException {
    abandoned = !flushed;
    work.add(STOP);
    if (flushed) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void throwIfFailed() throws IOException {
    Throwable cause = failure;
    if (cause instanceof IOException io) {
      throw io;
    }
    if (cause != null) {
      throw new IOException("writing the image failed: " + cause, cause);
    }
  }

  // ---- the second thread ----

  private void consume() {
    while (true) {
      Object item;
      try {
        item = work.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == STOP) {
        return;
      }
      try {
        if (failure == null && !abandoned) {
          process(item);
        }
      } catch (Throwable e) {
        // Digests fail first, so a producer that sees the failure also sees them failed.
        ranges.forEach(range -> range.digest.completeExceptionally(e));
        ranges.clear();
        failure = e;
      } finally {
        // After a failure, buffers still go back, so the producer never waits forever.
        if (item instanceof ByteBuffer buffer) {
          free.add(buffer.clear());
        } else if (item instanceof CountDownLatch done) {
          done.countDown();
        }
      }
    }
  }

  private void process(Object item) throws IOException {
    if (item instanceof Range range) {
      ranges.add(range);
      completeFinished();
    } else if (item instanceof ByteBuffer buffer) {
      long start = consumed;
      consumed += buffer.limit();
      hash(buffer, start);
      write(buffer);
    } else if (item instanceof CountDownLatch) {
      out.flush();
    }
  }

  /** Feeds the bytes of {@code buffer} (stream offset {@code start}) to the ranges they are in. */
  private void hash(ByteBuffer buffer, long start) {
    long end = start + buffer.limit();
    for (Range range : ranges) {
      if (range.start >= end) {
        break;
      }
      long from = Math.max(start, range.start);
      long to = Math.min(end, range.end);
      if (from < to) {
        update(range.sha256, buffer, (int) (from - start), (int) (to - from));
      }
    }
    completeFinished();
  }

  /**
   * Hashes {@code length} bytes of {@code buffer} from {@code offset}. The JDK hashes a direct
   * buffer by copying it to a heap array 4 KiB at a time; one copy of the whole range is cheaper,
   * above all before the JIT has compiled that loop.
   */
  private void update(MessageDigest sha256, ByteBuffer buffer, int offset, int length) {
    if (buffer.hasArray()) {
      sha256.update(buffer.array(), buffer.arrayOffset() + offset, length);
      return;
    }
    if (hashInput == null || hashInput.length < length) {
      hashInput = new byte[Math.max(length, buffer.capacity())];
    }
    buffer.get(offset, hashInput, 0, length);
    sha256.update(hashInput, 0, length);
  }

  private void completeFinished() {
    while (!ranges.isEmpty() && ranges.peekFirst().end <= consumed) {
      Range range = ranges.removeFirst();
      range.digest.complete(range.sha256.digest());
    }
  }

  private void write(ByteBuffer buffer) throws IOException {
    if (channel != null) {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      return;
    }
    if (copyOut == null) {
      copyOut = new byte[64 * 1024];
    }
    while (buffer.hasRemaining()) {
      int chunk = Math.min(buffer.remaining(), copyOut.length);
      buffer.get(copyOut, 0, chunk);
      out.write(copyOut, 0, chunk);
    }
  }

  /**
   * A direct buffer that starts on a page boundary. {@code allocateDirect} returns memory 16 bytes
   * past one, and the kernel copies file contents into such a buffer at about half the speed
   * (measured here: reading 1 GB of page cache took 1.2–1.4 s instead of 0.7 s).
   */
  private static ByteBuffer pageAligned(int size) {
    return ByteBuffer.allocateDirect(size + PAGE_SIZE).alignedSlice(PAGE_SIZE).limit(size).slice();
  }

  /** Bytes {@code [start, end)} of the stream, and the digest they go into. */
  private record Range(long start, long end, MessageDigest sha256, CompletableFuture<byte[]> digest) {}
}
