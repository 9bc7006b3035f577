package dev.floxj.registry;

import dev.floxj.image.model.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * A blob to push: it writes its bytes to a stream (a layer writes its tar as it reads the store),
 * and may know its digest beforehand (from a layer-digest cache, or a config in memory). One of
 * unknown digest is uploaded in one pass, hashed while it is sent; {@link #writeTo} is called
 * again only if the registry must be asked again.
 */
public interface BlobContent {
  /** Its digest ({@code sha256:…}) when known before writing; then the registry is asked first. */
  Optional<Digest> knownDigest();

  /** Its size in bytes, or -1 when only writing it tells; asked before {@link #writeTo}. */
  long size() throws IOException;

  /** Writes the whole blob to {@code out} (not closing it). */
  void writeTo(OutputStream out) throws IOException;

  /** Bytes in memory (a config, a small file). */
  static BlobContent of(byte[] bytes) {
    Digest digest = Digest.sha256Of(bytes);
    return new BlobContent() {
      @Override
      public Optional<Digest> knownDigest() {
        return Optional.of(digest);
      }

      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        out.write(bytes);
      }
    };
  }
}
