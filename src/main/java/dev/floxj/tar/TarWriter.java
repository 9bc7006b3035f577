package dev.floxj.tar;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Streams a tar archive: headers, content, block padding and the end marker, through large
 * buffers so that small entries coalesce into big writes and big files are copied in big chunks.
 * Content that ends early or runs long fails instead of corrupting the archive.
 *
 * <p>Given a stream that is a {@link BufferHandoff}, it fills the buffers that stream hands out
 * and hands them back whole: file content goes from the file into the buffer and on, never
 * copied in between. Given any other stream, it writes from its own reused buffer. The stream an
 * entry's {@link ContentWriter} writes to is a {@code BufferHandoff} too, so a tar nested in an
 * entry (a layer in an image archive) passes its buffers through without a copy.
 *
 * <p>Does not close the underlying stream. Not thread-safe.
 */
public final class TarWriter {
  /** Big enough to read files at disk speed, small enough to keep per layer. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private static final byte[] ZEROS = new byte[TarFormat.RECORD_SIZE];

  private final OutputStream out;
  private final BufferHandoff handoff;
  private final byte[] headerBytes = new byte[8 * TarFormat.BLOCK_SIZE]; // most headers fit
  private ByteBuffer buffer; // the one being filled; null while none is held
  private long bytesWritten;
  private boolean finished;

  public TarWriter(OutputStream out) {
    this(out, DEFAULT_BUFFER_SIZE);
  }

  /**
   * A writer with buffers of {@code bufferSize} bytes (at least one block), unless {@code out} is
   * a {@link BufferHandoff}, whose own buffers are used.
   */
  public TarWriter(OutputStream out, int bufferSize) {
    if (bufferSize < TarFormat.BLOCK_SIZE) {
      throw new IllegalArgumentException("buffer smaller than a tar block: " + bufferSize);
    }
    this.out = out;
    this.handoff = out instanceof BufferHandoff given ? given : new StreamHandoff(out, bufferSize);
  }

  /** Bytes of archive produced so far, including those still buffered. */
  public long bytesWritten() {
    return bytesWritten;
  }

  /** Writes an entry without content: a directory, a symlink or an empty file. */
  public void write(TarEntry entry) throws IOException {
    if (entry.size() != 0) {
      throw new IllegalArgumentException("no content given for " + entry.name());
    }
    writeHeader(entry);
  }

  /** Writes an entry whose content is {@code content}, which must be exactly its size. */
  public void write(TarEntry entry, byte[] content) throws IOException {
    if (content.length != entry.size()) {
      throw new IllegalArgumentException(
          entry.name() + " has size " + entry.size() + " but " + content.length + " bytes given");
    }
    writeHeader(entry);
    put(content, 0, content.length);
    padBlock(entry.size());
  }

  /** Writes an entry, reading exactly its size from {@code content} (left open). */
  public void write(TarEntry entry, ReadableByteChannel content) throws IOException {
    writeHeader(entry);
    // A file's last read asks for one byte more than is left, when the buffer has room: a read
    // of a regular file falls short only at its end, so coming back one short shows that the
    // file has not grown, without asking the kernel for its size.
    boolean file = content instanceof FileChannel;
    boolean endSeen = false;
    long remaining = entry.size();
    while (remaining > 0) {
      ByteBuffer into = room();
      int limit = into.limit();
      int asked = (int) Math.min(into.remaining(), file ? remaining + 1 : remaining);
      into.limit(into.position() + asked);
      int read;
      try {
        read = content.read(into);
      } finally {
        into.limit(limit);
      }
      if (read < 0) {
        throw endedEarly(entry, entry.size() - remaining);
      }
      if (read > remaining) {
        throw ranLong(entry);
      }
      bytesWritten += read;
      remaining -= read;
      endSeen = file && read < asked;
    }
    if (!endSeen && hasMore(content, entry.size())) {
      throw ranLong(entry);
    }
    padBlock(entry.size());
  }

  /** Writes an entry whose content {@code content} writes, which must be exactly its size. */
  public void write(TarEntry entry, ContentWriter content) throws IOException {
    writeHeader(entry);
    EntryContentStream stream = new EntryContentStream(entry);
    content.writeTo(stream);
    if (stream.written != entry.size()) {
      throw endedEarly(entry, stream.written);
    }
    padBlock(entry.size());
  }

  /**
   * Ends the archive as tarfile does: two zero blocks, then zeros up to a whole record. Flushes,
   * but leaves the underlying stream open.
   */
  public void finish() throws IOException {
    ensureOpen();
    long end = TarFormat.archiveLength(bytesWritten);
    putZeros(end - bytesWritten);
    if (buffer != null) {
      handOverBuffer(); // even when empty: a handed-out buffer goes back
    }
    out.flush();
    finished = true;
  }

  /** Pushes buffered bytes to the underlying stream (without finishing the archive). */
  public void flush() throws IOException {
    flushBuffer();
    out.flush();
  }

  private void writeHeader(TarEntry entry) throws IOException {
    ensureOpen();
    TarHeader header = TarHeader.of(entry);
    int length = header.length();
    byte[] bytes = length <= headerBytes.length ? headerBytes : new byte[length]; // long PAX: rare
    header.writeTo(bytes, 0);
    put(bytes, 0, length);
  }

  private void padBlock(long contentLength) throws IOException {
    putZeros(TarFormat.blockPadding(contentLength));
  }

  private void putZeros(long count) throws IOException {
    long remaining = count;
    while (remaining > 0) {
      int chunk = (int) Math.min(remaining, ZEROS.length);
      put(ZEROS, 0, chunk);
      remaining -= chunk;
    }
  }

  private void put(byte[] source, int offset, int length) throws IOException {
    int at = offset;
    int remaining = length;
    while (remaining > 0) {
      ByteBuffer into = room();
      int chunk = Math.min(remaining, into.remaining());
      into.put(source, at, chunk);
      at += chunk;
      remaining -= chunk;
    }
    bytesWritten += length;
  }

  /** The buffer to fill, with room for at least one byte: a fresh one when the last is full. */
  private ByteBuffer room() throws IOException {
    if (buffer != null && !buffer.hasRemaining()) {
      handOverBuffer();
    }
    if (buffer == null) {
      buffer = handoff.take();
    }
    return buffer;
  }

  private void flushBuffer() throws IOException {
    if (buffer != null && buffer.position() > 0) {
      handOverBuffer();
    }
  }

  private void handOverBuffer() throws IOException {
    ByteBuffer filled = buffer;
    buffer = null;
    handoff.handOver(filled);
  }

  private void ensureOpen() {
    if (finished) {
      throw new IllegalStateException("the tar archive is already finished");
    }
  }

  private static boolean hasMore(ReadableByteChannel content, long expected) throws IOException {
    if (content instanceof FileChannel file) {
      return file.size() > expected; // one fstat instead of a read
    }
    return content.read(ByteBuffer.allocate(1)) > 0;
  }

  private static FloxjException endedEarly(TarEntry entry, long got) {
    return new FloxjException(
        "'"
            + entry.name()
            + "' ended after "
            + got
            + " of its "
            + entry.size()
            + " bytes, so it changed while being archived: make sure nothing modifies it and"
            + " run again.");
  }

  private static FloxjException ranLong(TarEntry entry) {
    return new FloxjException(
        "'"
            + entry.name()
            + "' grew beyond its "
            + entry.size()
            + " bytes while being archived: make sure nothing modifies it and run again.");
  }

  /** Hands buffers straight to a plain output stream: at most two heap buffers, reused. */
  private static final class StreamHandoff implements BufferHandoff {
    private final OutputStream out;
    private final int bufferSize;
    private final Deque<ByteBuffer> free = new ArrayDeque<>(2);

    StreamHandoff(OutputStream out, int bufferSize) {
      this.out = out;
      this.bufferSize = bufferSize;
    }

    @Override
    public ByteBuffer take() {
      ByteBuffer reused = free.poll();
      return reused != null ? reused : ByteBuffer.allocate(bufferSize);
    }

    @Override
    public void handOver(ByteBuffer filled) throws IOException {
      if (filled.position() > 0) {
        out.write(filled.array(), filled.arrayOffset(), filled.position());
      }
      free.push(filled.clear());
    }
  }

  /**
   * The stream an entry's {@link ContentWriter} writes to: counts, refuses bytes beyond the size,
   * and passes whole buffers of a nested writer through after this writer's pending bytes.
   */
  private final class EntryContentStream extends OutputStream implements BufferHandoff {
    private final TarEntry entry;
    private long written;

    EntryContentStream(TarEntry entry) {
      this.entry = entry;
    }

    @Override
    public void write(int b) throws IOException {
      reserve(1);
      room().put((byte) b);
      bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      reserve(len);
      put(b, off, len);
    }

    @Override
    public ByteBuffer take() throws IOException {
      return handoff.take();
    }

    @Override
    public void handOver(ByteBuffer filled) throws IOException {
      int length = filled.position();
      reserve(length);
      flushBuffer(); // the header before this content
      bytesWritten += length;
      handoff.handOver(filled);
    }

    private void reserve(int length) {
      if (length > entry.size() - written) {
        throw ranLong(entry);
      }
      written += length;
    }

    @Override
    public void flush() {
      // The outer writer flushes when it needs to; flushing per inner flush would split writes.
    }
  }
}
