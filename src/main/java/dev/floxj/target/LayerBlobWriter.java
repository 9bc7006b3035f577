package dev.floxj.target;

import dev.floxj.FloxjException;
import dev.floxj.Sha256;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.tar.TarWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Streams an image's layers one after another, each into a blob of its own (a file of an OCI
 * layout, a registry upload), in one pass: sizes are measured ahead ({@link LayerSizes}), the
 * uncompressed bytes are hashed for the diff ID on a second thread while they go out ({@link
 * HashingPipeline}), and when a compression is asked for, the stored bytes are compressed and
 * hashed on that same second thread, so the blob's digest is known the moment its last byte is
 * written. One pipeline serves all layers: the second thread writes to whichever blob is current.
 */
public final class LayerBlobWriter implements AutoCloseable {
  private final List<Layer> layers;
  private final LayerSizes sizes;
  private final CurrentBlob current = new CurrentBlob();
  private final HashingPipeline pipeline;
  private long offset;
  private int next;

  public LayerBlobWriter(List<Layer> layers) {
    this.layers = List.copyOf(layers);
    this.sizes = LayerSizes.measure(this.layers);
    this.pipeline = new HashingPipeline(current, TarWriter.DEFAULT_BUFFER_SIZE);
  }

  /** The layer {@link #writeNext} writes next, from 0. */
  public int nextIndex() {
    return next;
  }

  /**
   * Writes the next layer to {@code out} (left open) as {@code compression} asks, and says what
   * was stored. Blocks until every byte was written to {@code out}.
   */
  public WrittenLayer writeNext(OutputStream out, Compression compression, ManifestFormat format)
      throws IOException {
    int index = next++;
    Layer layer = layers.get(index);
    long size = sizes.get(index);
    MessageDigest storedDigest = compression == Compression.NONE ? null : Sha256.newDigest();
    CountingOutputStream stored =
        compression == Compression.NONE ? null : new CountingOutputStream(new DigestOutputStream(out, storedDigest));
    OutputStream encoder = stored == null ? out : LayerCompression.encoder(compression, stored);
    current.set(encoder);
    CompletableFuture<byte[]> diff = layer.knownDiffId() == null ? pipeline.sha256(offset, size) : null;
    layer.content().writeTo(pipeline);
    pipeline.flush();
    long written = current.clear();
    offset += written;
    sizes.written(index);
    if (written != size) {
      throw new FloxjException(
          "Layer " + (index + 1) + " wrote " + written + " bytes where " + size + " were measured:"
              + " make sure nothing modifies the store and run again.");
    }
    if (stored != null) {
      encoder.close(); // finishes the compressed stream; out itself stays open
    }
    Digest diffId = layer.knownDiffId() != null ? layer.knownDiffId() : Digest.sha256(HashingPipeline.await(diff));
    Descriptor blob =
        stored == null
            ? Descriptor.of(format.layerType(compression), diffId, size)
            : Descriptor.of(
                format.layerType(compression), Digest.sha256(storedDigest.digest()), stored.count());
    return new WrittenLayer(diffId, blob);
  }

  /** Stops the measuring and hashing threads. */
  @Override
  public void close() throws IOException {
    sizes.close();
    pipeline.close();
  }

  /**
   * The pipeline's sink: the blob being written. Set and cleared by the producer only while the
   * pipeline is drained (after a flush), so the second thread never sees it change mid-write.
   */
  private static final class CurrentBlob extends OutputStream implements WritableByteChannel {
    private volatile OutputStream out;
    private volatile WritableByteChannel channel; // a file written as is: no copy
    private volatile long count;
    private byte[] copy;

    void set(OutputStream blob) {
      out = blob;
      channel = blob instanceof FileOutputStream file ? file.getChannel() : null;
      count = 0;
    }

    long clear() {
      out = null;
      channel = null;
      return count;
    }

    private OutputStream target() throws IOException {
      OutputStream target = out;
      if (target == null) {
        throw new IOException("a layer wrote bytes outside its blob");
      }
      return target;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      int length = src.remaining();
      WritableByteChannel direct = channel;
      if (direct != null) {
        while (src.hasRemaining()) {
          direct.write(src);
        }
      } else {
        OutputStream target = target();
        if (copy == null) {
          copy = new byte[64 * 1024];
        }
        while (src.hasRemaining()) {
          int chunk = Math.min(src.remaining(), copy.length);
          src.get(copy, 0, chunk);
          target.write(copy, 0, chunk);
        }
      }
      count += length;
      return length;
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      OutputStream target = out;
      if (target != null) {
        target.flush();
      }
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }
}
