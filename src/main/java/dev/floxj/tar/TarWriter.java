package dev.floxj.tar;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams a tar archive: headers, content, block padding and the end marker, through one large
 * reused buffer so that small entries coalesce into big writes and big files are copied in big
 * chunks. Content that ends early or runs long fails instead of corrupting the archive.
 *
 * <p>Does not close the underlying stream. Not thread-safe.
 */
public final class TarWriter {
  /** Big enough to read files at disk speed, small enough to keep per layer. */
  public static final int DEFAULT_BUFFER_SIZE = 1 << 20;

  private final OutputStream out;
  private final byte[] buffer;
  private final ByteBuffer bufferView;
  private int filled;
  private long bytesWritten;
  private boolean finished;

  public TarWriter(OutputStream out) {
    this(out, DEFAULT_BUFFER_SIZE);
  }

  /** A writer with its own buffer of {@code bufferSize} bytes (at least one block). */
  public TarWriter(OutputStream out, int bufferSize) {
    if (bufferSize < TarFormat.BLOCK_SIZE) {
      throw new IllegalArgumentException("buffer smaller than a tar block: " + bufferSize);
    }
    this.out = out;
    this.buffer = new byte[bufferSize];
    this.bufferView = ByteBuffer.wrap(buffer);
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

  /** Writes a regular file entry, copying its content from the file at {@code file}. */
  public void write(TarEntry entry, Path file) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      write(entry, channel);
    }
  }

  /** Writes an entry, reading exactly its size from {@code content} (left open). */
  public void write(TarEntry entry, ReadableByteChannel content) throws IOException {
    writeHeader(entry);
    long remaining = entry.size();
    while (remaining > 0) {
      if (filled == buffer.length) {
        flushBuffer();
      }
      int chunk = (int) Math.min(remaining, buffer.length - filled);
      bufferView.limit(filled + chunk).position(filled);
      int read = content.read(bufferView);
      if (read < 0) {
        throw endedEarly(entry, entry.size() - remaining);
      }
      filled += read;
      bytesWritten += read;
      remaining -= read;
    }
    if (hasMore(content, entry.size())) {
      throw ranLong(entry);
    }
    padBlock(entry.size());
  }

  /** Writes an entry, reading exactly its size from {@code content} (left open). */
  public void write(TarEntry entry, InputStream content) throws IOException {
    writeHeader(entry);
    long remaining = entry.size();
    while (remaining > 0) {
      if (filled == buffer.length) {
        flushBuffer();
      }
      int chunk = (int) Math.min(remaining, buffer.length - filled);
      int read = content.read(buffer, filled, chunk);
      if (read < 0) {
        throw endedEarly(entry, entry.size() - remaining);
      }
      filled += read;
      bytesWritten += read;
      remaining -= read;
    }
    if (content.read() >= 0) {
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
    flushBuffer();
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
    if (length > buffer.length) {
      put(header.toBytes(), 0, length); // a PAX header bigger than the buffer: rare, allocate
      return;
    }
    if (buffer.length - filled < length) {
      flushBuffer();
    }
    header.writeTo(buffer, filled);
    filled += length;
    bytesWritten += length;
  }

  private void padBlock(long contentLength) throws IOException {
    putZeros(TarFormat.blockPadding(contentLength));
  }

  private void putZeros(long count) throws IOException {
    long remaining = count;
    while (remaining > 0) {
      if (filled == buffer.length) {
        flushBuffer();
      }
      int chunk = (int) Math.min(remaining, buffer.length - filled);
      Arrays.fill(buffer, filled, filled + chunk, (byte) 0);
      filled += chunk;
      bytesWritten += chunk;
      remaining -= chunk;
    }
  }

  private void put(byte[] source, int offset, int length) throws IOException {
    if (length >= buffer.length) {
      // Copying through the buffer would only add a copy: pass big writes straight on.
      flushBuffer();
      out.write(source, offset, length);
    } else {
      if (buffer.length - filled < length) {
        flushBuffer();
      }
      System.arraycopy(source, offset, buffer, filled, length);
      filled += length;
    }
    bytesWritten += length;
  }

  private void flushBuffer() throws IOException {
    if (filled > 0) {
      out.write(buffer, 0, filled);
      filled = 0;
    }
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

  /** The stream a {@link ContentWriter} writes to: counts, and refuses bytes beyond the size. */
  private final class EntryContentStream extends OutputStream {
    private final TarEntry entry;
    private long written;

    EntryContentStream(TarEntry entry) {
      this.entry = entry;
    }

    @Override
    public void write(int b) throws IOException {
      reserve(1);
      if (filled == buffer.length) {
        flushBuffer();
      }
      buffer[filled++] = (byte) b;
      bytesWritten++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      reserve(len);
      put(b, off, len);
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
