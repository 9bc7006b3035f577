package dev.floxj.target;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the image archive goes. The archive is written to {@link #open()}; {@link #commit()} makes
 * it visible, {@link #abort()} leaves nothing behind.
 */
public interface ImageSink {
  OutputStream open() throws IOException;

  /** Called once the whole archive was written: finish, and fail if the receiver failed. */
  void commit() throws IOException;

  /** Called when writing failed: remove partial output, stop the receiver. Never throws. */
  void abort();

  /** Explains, in the user's terms, why writing the archive to this sink failed. */
  FloxjException writeFailure(IOException cause);

  /** The directory the sink writes into, or null (stdout, a runtime). */
  default java.nio.file.Path directory() {
    return null;
  }

  /** Completes flox's message "'name:tag' written to ...", e.g. "file 'x.tar'". */
  String description();
}
