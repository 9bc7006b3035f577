package dev.floxj.nar;

import java.io.IOException;

/** A NAR that is malformed, or holds something unsafe to unpack, at a given byte offset. */
public final class NarFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final long offset;

  public NarFormatException(String problem, long offset) {
    super(problem + " (at byte " + offset + " of the NAR)");
    this.offset = offset;
  }

  /** Where in the NAR the problem was found. */
  public long offset() {
    return offset;
  }
}
