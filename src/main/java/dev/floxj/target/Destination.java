package dev.floxj.target;

import dev.floxj.image.model.Image;
import java.io.IOException;

/**
 * Somewhere an image goes: a docker-archive, a container runtime, an OCI layout or archive, a
 * registry. Each destination package implements this; the command line builds them from {@code
 * --to} and writes the same {@link Image} to each. A destination either writes everything or
 * leaves nothing behind (no partial file, no tag pointing at missing blobs).
 */
public interface Destination {
  /** Writes the image, reporting progress; throws a FloxjException naming the destination. */
  WrittenImage write(Image image, WriteProgress progress) throws IOException;

  /**
   * A directory on the destination's disk where layers may be staged when one run writes several
   * destinations; null when the destination has none (stdout, a runtime, a registry).
   */
  default java.nio.file.Path stagingDirectory() {
    return null;
  }

  /** Completes flox's message "'name:tag' written to ...", e.g. "file 'x.tar'". */
  String description();
}
