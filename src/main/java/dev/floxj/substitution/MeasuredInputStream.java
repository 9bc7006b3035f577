package dev.floxj.substitution;

import dev.floxj.Sha256;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.function.LongConsumer;

/**
 * Counts and hashes (SHA-256) every byte read through it, optionally copying each to an output,
 * and remembers whether the stream beneath failed. Skipping reads through, so nothing escapes the
 * hash.
 */
final class MeasuredInputStream extends FilterInputStream {
  private final MessageDigest sha256;
  private final OutputStream copy;
  private final LongConsumer progress;
  private long count;
  private IOException failure;

  /**
   * @param copy receives every byte read, or null
   * @param progress is told how many bytes each read gave, or null
   */
  MeasuredInputStream(InputStream in, OutputStream copy, LongConsumer progress) {
    super(in);
    this.copy = copy;
    this.progress = progress;
    this.sha256 = Sha256.newDigest();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int read = read(one, 0, 1);
    return read < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int read;
    try {
      read = in.read(b, off, len);
    } catch (IOException e) {
      failure = failure == null ? e : failure;
      throw e;
    }
    if (read > 0) {
      sha256.update(b, off, read);
      count += read;
      if (copy != null) {
        copy.write(b, off, read);
      }
      if (progress != null) {
        progress.accept(read);
      }
    }
    return read;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] sink = new byte[(int) Math.min(n, 64 * 1024)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(sink, 0, (int) Math.min(sink.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  /**
   * Reads to the end, but no further than {@code limit} bytes in all.
   *
   * @return whether the end came within the limit
   */
  boolean drain(long limit) throws IOException {
    byte[] sink = new byte[64 * 1024];
    while (count <= limit) {
      if (read(sink, 0, (int) Math.min(sink.length, limit + 1 - count)) < 0) {
        return true;
      }
    }
    return false;
  }

  long count() {
    return count;
  }

  /** The SHA-256 of everything read; call once, at the end. */
  NixHash hash() {
    return NixHash.ofDigest(sha256.digest());
  }

  /** The first failure of the stream beneath, or null. */
  IOException failure() {
    return failure;
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
