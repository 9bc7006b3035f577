package dev.floxj.target;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Counts the bytes that pass on their way to another stream: a compressed blob's size is known
 * only once it is written, and the writers learn it here rather than from the file or the
 * upload. Closing it flushes but leaves what it wraps open, since a layer's blob is one part of a
 * stream that goes on (a tar, an upload). Not thread-safe: one writer at a time.
 */
public final class CountingOutputStream extends OutputStream {
  private final OutputStream out;
  private long count;

  public CountingOutputStream(OutputStream out) {
    this.out = out;
  }

  /** The bytes written so far. */
  public long count() {
    return count;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    count += len;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
