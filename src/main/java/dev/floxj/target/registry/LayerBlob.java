package dev.floxj.target.registry;

import dev.floxj.Sha256;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Layer;
import dev.floxj.registry.BlobContent;
import dev.floxj.target.CountingOutputStream;
import dev.floxj.target.LayerCompression;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * One layer as a registry blob: the layer's tar, compressed if asked, written straight into the
 * upload. Its digest is known beforehand when the layer-digest cache has it (or the layer came
 * from a blob, or is small and in memory and was hashed first); otherwise the upload learns it.
 * The diff ID (the uncompressed tar's digest) is the blob's digest for an uncompressed layer and
 * is hashed on the way in for a compressed one.
 */
final class LayerBlob implements BlobContent {
  /**
   * What is known of the blob before writing it.
   *
   * @param diffId the digest of the uncompressed tar
   * @param blob the digest of the stored bytes (equal to diffId when uncompressed)
   * @param size the size of the stored bytes
   */
  record Known(Digest diffId, Digest blob, long size) {}

  private final Layer layer;
  private final Compression compression;
  private final Optional<Known> known;
  private volatile Digest learnedDiffId;

  private LayerBlob(Layer layer, Compression compression, Optional<Known> known) {
    this.layer = layer;
    this.compression = compression;
    this.known = known;
  }

  /** The blob of {@code layer}, with what is known of it from the cache or the layer itself. */
  static LayerBlob of(Layer layer, Compression compression, java.util.Map<String, Known> pushedBefore) throws IOException {
    Optional<Known> cached =
        layer.remembered(compression).map(stored -> new Known(layer.remembered().diffId(), stored.digest(), stored.size()));
    if (cached.isEmpty()) {
      // the same layer pushed earlier in this run (another platform's image shares it)
      cached = layer.content().identity().map(pushedBefore::get);
    }
    if (cached.isPresent()) {
      return new LayerBlob(layer, compression, cached);
    }
    if (layer.knownDiffId() != null && compression == Compression.NONE) {
      return new LayerBlob(layer, compression, Optional.of(new Known(layer.knownDiffId(), layer.knownDiffId(), layer.content().size())));
    }
    if (layer.content().heldInMemory()) {
      LayerBlob unknown = new LayerBlob(layer, compression, Optional.empty());
      MessageDigest stored = Sha256.newDigest();
      CountingOutputStream counting = new CountingOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), stored));
      unknown.writeTo(counting);
      Digest blob = Digest.sha256(stored.digest());
      Digest diffId = compression == Compression.NONE ? blob : unknown.learnedDiffId;
      return new LayerBlob(layer, compression, Optional.of(new Known(diffId, blob, counting.count())));
    }
    return new LayerBlob(layer, compression, Optional.empty());
  }

  Layer layer() {
    return layer;
  }

  /** What the cache (or the layer) said before writing, if anything. */
  Optional<Known> known() {
    return known;
  }

  /**
   * The diff ID: known beforehand, or learned by writing the blob ({@code uploaded} is the digest
   * of the bytes the upload sent, which for an uncompressed layer is the diff ID).
   */
  Digest diffId(Digest uploaded) {
    if (known.isPresent() && known.get().blob().equals(uploaded)) {
      return known.get().diffId();
    }
    return compression == Compression.NONE ? uploaded : learnedDiffId;
  }

  @Override
  public Optional<Digest> knownDigest() {
    return known.map(Known::blob);
  }

  @Override
  public long size() throws IOException {
    return compression == Compression.NONE ? layer.content().size() : -1;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (compression == Compression.NONE) {
      // The blob is the tar: the upload's own hash is the diff ID, no second pass of SHA-256.
      layer.content().writeTo(new Unclosable(out));
      return;
    }
    MessageDigest diff = Sha256.newDigest();
    try (OutputStream encoder = LayerCompression.encoder(compression, new Unclosable(out))) {
      layer.content().writeTo(new DigestOutputStream(encoder, diff));
    }
    learnedDiffId = Digest.sha256(diff.digest());
  }

  /** Keeps a layer's writer from closing the upload's stream. */
  private static final class Unclosable extends java.io.FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
