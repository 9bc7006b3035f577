package dev.floxj.registry;

import dev.floxj.Sha256;
import dev.floxj.image.model.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A blob's bytes streamed into a request body while they are written: a writer thread runs
 * {@link BlobContent#writeTo} into a bounded pipe (at most {@value #CHUNKS} chunks of
 * {@value #CHUNK_SIZE} bytes wait), hashing and counting on the way, and the HTTP client reads
 * from the pipe. Nothing is held whole in memory or on disk, and the digest is known when the
 * last byte has gone.
 */
final class StreamedBody implements RequestBody {
  static final int CHUNK_SIZE = 256 * 1024;
  static final int CHUNKS = 8;
  private static final byte[] END = new byte[0];

  private final BlobContent content;
  private final ExecutorService writers;
  private Pipe pipe;
  private Future<PushedBlob> writing;

  StreamedBody(BlobContent content, ExecutorService writers) {
    this.content = content;
    this.writers = writers;
  }

  @Override
  public synchronized BodyPublisher open() throws IOException {
    abandon();
    long size = content.size(); // before writing: a store layer measures itself first
    Pipe fresh = new Pipe();
    pipe = fresh;
    writing =
        writers.submit(
            () -> {
              MessageDigest sha256 = Sha256.newDigest();
              try (Sink sink = new Sink(fresh, sha256)) {
                content.writeTo(sink);
                sink.finish();
                return new PushedBlob(Digest.sha256(sha256.digest()), sink.count, PushedBlob.How.UPLOADED);
              } catch (Throwable t) {
                fresh.fail(t);
                throw t;
              }
            });
    BodyPublisher publisher = BodyPublishers.ofInputStream(() -> fresh.source);
    return size >= 0 ? BodyPublishers.fromPublisher(publisher, size) : publisher;
  }

  /** The digest and size of what the last {@link #open} sent, once the registry took it all. */
  synchronized PushedBlob result() throws IOException {
    try {
      return writing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a blob");
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  @Override
  public synchronized void rethrowOwnFailure() throws IOException {
    if (writing == null) {
      return;
    }
    pipe.abort();
    try {
      writing.get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (!(cause instanceof Pipe.Aborted)) {
        throw rethrow(cause);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing a blob");
    } catch (java.util.concurrent.TimeoutException e) {
      writing.cancel(true);
    }
  }

  @Override
  public synchronized void abandon() {
    if (pipe != null) {
      pipe.abort();
    }
  }

  private static IOException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    if (cause instanceof IOException) {
      return new NotTransient((IOException) cause);
    }
    return new NotTransient(new IOException(cause));
  }

  /** The blob's own failure (reading the store), which no retry mends. */
  static final class NotTransient extends IOException {
    private static final long serialVersionUID = 1L;

    NotTransient(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** The writer's end: fills chunks, hashes and counts them, and hands them to the pipe. */
  private static final class Sink extends OutputStream {
    private final Pipe pipe;
    private final MessageDigest sha256;
    private byte[] chunk = new byte[CHUNK_SIZE];
    private int filled;
    long count;

    Sink(Pipe pipe, MessageDigest sha256) {
      this.pipe = pipe;
      this.sha256 = sha256;
    }

    @Override
    public void write(int b) throws IOException {
      if (filled == chunk.length) {
        flushChunk();
      }
      chunk[filled++] = (byte) b;
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (filled == chunk.length) {
          flushChunk();
        }
        int n = Math.min(len, chunk.length - filled);
        System.arraycopy(b, off, chunk, filled, n);
        filled += n;
        off += n;
        len -= n;
        count += n;
      }
    }

    private void flushChunk() throws IOException {
      sha256.update(chunk, 0, filled);
      pipe.put(filled == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, filled));
      chunk = new byte[CHUNK_SIZE];
      filled = 0;
    }

    void finish() throws IOException {
      if (filled > 0) {
        flushChunk();
      }
      pipe.put(END);
    }

    @Override
    public void close() {}
  }

  /** Chunks on their way from the writer to the HTTP client; either side can stop the other. */
  private static final class Pipe {
    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS);
    private volatile boolean aborted;
    private volatile Throwable failure;
    final InputStream source = new Source();

    static final class Aborted extends IOException {
      private static final long serialVersionUID = 1L;

      Aborted() {
        super("the registry stopped taking the blob");
      }
    }

    void put(byte[] chunk) throws IOException {
      try {
        while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
          if (aborted) {
            throw new Aborted();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while streaming a blob");
      }
      if (aborted) {
        throw new Aborted();
      }
    }

    void fail(Throwable t) {
      failure = t;
      chunks.offer(END);
    }

    void abort() {
      aborted = true;
      chunks.clear();
    }

    private final class Source extends InputStream {
      private byte[] current = new byte[0];
      private int position;
      private boolean ended;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        while (position == current.length) {
          if (ended) {
            return -1;
          }
          byte[] next;
          try {
            next = chunks.poll(100, TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming a blob");
          }
          if (failure != null) {
            throw new IOException("writing the blob failed", failure);
          }
          if (aborted) {
            throw new Aborted();
          }
          if (next == null) {
            continue;
          }
          if (next == END) {
            ended = true;
            return -1;
          }
          current = next;
          position = 0;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
      }
    }
  }
}
