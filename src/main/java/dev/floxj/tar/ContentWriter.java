package dev.floxj.tar;

import java.io.IOException;
import java.io.OutputStream;

/** Produces an entry's content by writing it, e.g. a layer tar nested in the outer archive. */
@FunctionalInterface
public interface ContentWriter {
  /** Writes exactly the entry's size in bytes to {@code out}. */
  void writeTo(OutputStream out) throws IOException;
}
