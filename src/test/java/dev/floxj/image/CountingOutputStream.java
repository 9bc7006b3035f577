package dev.floxj.image;

import java.io.OutputStream;

/** Counts the bytes written to it and discards them. */
final class CountingOutputStream extends OutputStream {
  long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    count += len;
  }
}
