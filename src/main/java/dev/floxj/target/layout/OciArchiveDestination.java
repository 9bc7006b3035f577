package dev.floxj.target.layout;

import dev.floxj.FloxjException;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Descriptor;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.ImageIndex;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ManifestFormat;
import dev.floxj.image.model.RememberedDigests;
import dev.floxj.image.model.WrittenLayer;
import dev.floxj.target.LayerBlobWriter;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageReference;
import dev.floxj.target.IndexDestination;
import dev.floxj.target.FileSink;
import dev.floxj.target.TemporaryDirectory;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import dev.floxj.target.WrittenIndex;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code oci-archive:FILE[:TAG]}: an OCI layout as one tar. A blob's entry is named by its
 * digest, which is known only once the blob has been written. When the layer-digest cache
 * remembers every layer's digest, the archive is streamed in one pass, each layer hashed on the
 * way to check what was remembered (a contradiction drops the file and falls back). Otherwise
 * the archive cannot be streamed in one pass the way a docker-archive is: the layout is first written to a hidden temporary
 * directory beside FILE (each layer streamed and hashed once, as for {@code oci:}), and then
 * tarred into FILE, atomically. Several platforms make one image index, as in {@code oci:}. The temporary directory is removed in every case.
 */
public final class OciArchiveDestination implements IndexDestination {
  private static final TarOwner OWNER = TarOwner.ROOT;
  private static final long MTIME = 1;

  private final Path file;
  private final List<ImageReference> references;
  private final Compression compression;

  public OciArchiveDestination(Path file, List<ImageReference> references, Compression compression) {
    this.file = file.toAbsolutePath().normalize();
    this.references = List.copyOf(references);
    this.compression = compression;
    check(this.file);
  }

  /** Refuses a file that cannot be written: a missing or unwritable directory, a directory. */
  public static void check(Path target) {
    Path file = target.toAbsolutePath().normalize();
    Path directory = file.getParent();
    if (!Files.isDirectory(directory)) {
      throw new FloxjException(
          "Cannot write " + file + ": the directory " + directory + " does not exist; create it"
              + " or choose another file for --to oci-archive:.");
    }
    if (Files.isDirectory(file)) {
      throw new FloxjException(
          file + " is a directory; --to oci-archive: needs a file name (use --to oci:" + file
              + " for a layout directory).");
    }
    if (!Files.isWritable(directory)) {
      throw new FloxjException(
          "Cannot write " + file + ": the directory " + directory + " is not writable; choose"
              + " another file for --to oci-archive:.");
    }
  }

  @Override
  public WrittenImage write(Image image, WriteProgress progress) throws IOException {
    Optional<Image> known = withDigestsKnown(image);
    if (known.isPresent()) {
      Optional<WrittenImage> streamed = writeInOnePass(known.get(), progress);
      if (streamed.isPresent()) {
        return streamed.get();
      }
      // A remembered digest was contradicted by the bytes: stage, which learns every digest.
    }
    return archive(
        layout ->
            LayoutWriter.write(image, layout, references, compression, progress, "oci-archive:" + file, usage()),
        LayoutWriter.Result::blobs).image();
  }

  @Override
  public WrittenIndex writeIndex(List<Image> images, WriteProgress progress) throws IOException {
    return archive(
        layout ->
            LayoutWriter.writeIndex(
                images, layout, references, compression, progress, "oci-archive:" + file, usage()),
        LayoutWriter.IndexResult::blobs).index();
  }

  /** A layout step that may fail with an IOException. */
  private interface LayoutStep<R> {
    R write(OciLayoutDirectory layout) throws IOException;
  }

  /** Writes a layout in a hidden directory beside the file, tars it into the file, removes it. */
  private <R> R archive(LayoutStep<R> step, java.util.function.Function<R, List<Digest>> blobs)
      throws IOException {
    try (TemporaryDirectory staging = TemporaryDirectory.create(file.getParent(), "." + file.getFileName() + ".")) {
      OciLayoutDirectory layout = OciLayoutDirectory.open(staging.path(), usage());
      R result = step.write(layout);
      FileSink sink = new FileSink(file);
      try (OutputStream out = sink.open()) {
        tar(layout, blobs.apply(result), out);
        sink.commit();
      } catch (IOException e) {
        sink.abort();
        throw sink.writeFailure(e);
      } catch (RuntimeException | Error e) {
        sink.abort();
        throw e;
      }
      return result;
    }
  }

  /**
   * The image with every layer's digest known beforehand: remembered by the layer-digest cache,
   * or, for a small layer held in memory (the customisation layer, which the cache does not
   * keep), hashed now; empty if a store layer's digest is not remembered.
   */
  private Optional<Image> withDigestsKnown(Image image) throws IOException {
    List<Layer> layers = new ArrayList<>();
    for (Layer layer : image.layers()) {
      if (layer.remembered(compression).isPresent()) {
        layers.add(layer);
      } else if (layer.content().heldInMemory()) {
        java.security.MessageDigest diff = dev.floxj.Sha256.newDigest();
        java.security.MessageDigest stored = dev.floxj.Sha256.newDigest();
        long[] storedSize = new long[1];
        OutputStream counting = new OutputStream() {
          @Override
          public void write(int b) {
            stored.update((byte) b);
            storedSize[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            stored.update(b, off, len);
            storedSize[0] += len;
          }
        };
        try (OutputStream encoder = dev.floxj.target.LayerCompression.encoder(compression, counting)) {
          layer.content().writeTo(new java.security.DigestOutputStream(encoder, diff));
        }
        Digest diffId = Digest.sha256(diff.digest());
        Digest blob = Digest.sha256(stored.digest());
        layers.add(layer.withRemembered(new RememberedDigests(diffId, java.util.Map.of(compression, new RememberedDigests.Stored(blob, storedSize[0])))));
      } else {
        return Optional.empty();
      }
    }
    return Optional.of(image.withLayers(layers));
  }

  /**
   * The archive in one pass, when an earlier run's digest of every layer is remembered: each
   * blob's entry is named by the remembered digest, and the layer streamed into it is hashed on
   * the way. The same bytes as the staged way. Empty (nothing written, the file untouched) if the
   * bytes contradict a remembered digest or size.
   */
  private Optional<WrittenImage> writeInOnePass(Image image, WriteProgress progress) throws IOException {
    FileSink sink = new FileSink(file);
    try (OutputStream out = sink.open()) {
      TarWriter tar = new TarWriter(out);
      writeLayoutFile(tar);
      List<WrittenLayer> written = new ArrayList<>();
      Set<Digest> seen = new HashSet<>();
      List<Layer> toRead = new ArrayList<>();
      for (Layer layer : image.layers()) {
        if (seen.add(layer.remembered(compression).orElseThrow().digest())) {
          toRead.add(layer);
        }
      }
      seen.clear();
      try (LayerBlobWriter layers = new LayerBlobWriter(toRead)) {
        int number = 0;
        for (Layer layer : image.layers()) {
          number++;
          progress.layer(number, layer);
          RememberedDigests.Stored stored = layer.remembered(compression).orElseThrow();
          WrittenLayer expected =
              new WrittenLayer(
                  layer.remembered().diffId(),
                  Descriptor.of(ManifestFormat.OCI.layerType(compression), stored.digest(), stored.size()));
          written.add(expected);
          if (!seen.add(stored.digest())) {
            continue; // the same blob as an earlier layer's: one entry
          }
          WrittenLayer[] actual = new WrittenLayer[1];
          tar.write(
              TarEntry.file("blobs/sha256/" + stored.digest().hex(), 0644, stored.size(), OWNER, MTIME),
              entry -> {
                Bounded bounded = new Bounded(entry, stored.size());
                actual[0] = layers.writeNext(bounded, compression, ManifestFormat.OCI);
                if (bounded.count != stored.size()) {
                  throw new Contradicted();
                }
              });
          if (!expected.equals(actual[0])) {
            throw new Contradicted();
          }
        }
      }
      LayoutWriter.Metadata metadata = LayoutWriter.metadata(image, written, progress);
      ImageIndex index =
          LayoutWriter.entries(ImageIndex.empty(ManifestFormat.OCI), references, metadata.manifestDescriptor());
      write(tar, "blobs/sha256/" + metadata.configDescriptor().digest().hex(), metadata.config());
      write(tar, "blobs/sha256/" + metadata.manifestDescriptor().digest().hex(), metadata.manifest());
      write(tar, OciLayoutDirectory.INDEX_FILE, index.toJson());
      tar.finish();
      sink.commit();
      progress.done();
      return Optional.of(metadata.written(written, references, "oci-archive:" + file));
    } catch (IOException e) {
      sink.abort();
      if (contradicted(e)) {
        return Optional.empty();
      }
      throw sink.writeFailure(e);
    } catch (RuntimeException | Error e) {
      sink.abort();
      throw e;
    }
  }

  private static void write(TarWriter tar, String name, byte[] content) throws IOException {
    tar.write(TarEntry.file(name, 0644, content.length, OWNER, MTIME), content);
  }

  /** Whether {@code e} is, or was caused by (on the hashing thread), a {@link Contradicted}. */
  private static boolean contradicted(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof Contradicted) {
        return true;
      }
    }
    return false;
  }

  /** A layer's bytes did not match what was remembered of it. */
  private static final class Contradicted extends IOException {
    Contradicted() {
      super("a remembered layer digest does not match the layer");
    }
  }

  /** Passes at most {@code limit} bytes on, and counts them. */
  private static final class Bounded extends OutputStream {
    private final OutputStream out;
    private final long limit;
    long count;

    Bounded(OutputStream out, long limit) {
      this.out = out;
      this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
      if (count + 1 > limit) {
        throw new Contradicted();
      }
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (count + len > limit) {
        throw new Contradicted();
      }
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

  private static void writeLayoutFile(TarWriter tar) throws IOException {
    tar.write(
        TarEntry.file(OciLayoutDirectory.LAYOUT_FILE, 0644, OciLayoutDirectory.LAYOUT_JSON.length, OWNER, MTIME),
        OciLayoutDirectory.LAYOUT_JSON);
    tar.write(TarEntry.directory("blobs/", 0755, OWNER, MTIME));
    tar.write(TarEntry.directory("blobs/sha256/", 0755, OWNER, MTIME));
  }

  /** oci-layout, the blobs (layers, config, manifest), then index.json. */
  private static void tar(OciLayoutDirectory layout, List<Digest> blobs, OutputStream out)
      throws IOException {
    TarWriter tar = new TarWriter(out);
    writeLayoutFile(tar);
    java.util.Set<Digest> seen = new java.util.HashSet<>();
    for (Digest blob : blobs) {
      if (seen.add(blob)) {
        copy(tar, "blobs/sha256/" + blob.hex(), layout.blob(blob));
      }
    }
    copy(tar, OciLayoutDirectory.INDEX_FILE, layout.root().resolve(OciLayoutDirectory.INDEX_FILE));
    tar.finish();
  }

  private static void copy(TarWriter tar, String name, Path source) throws IOException {
    try (FileChannel channel = FileChannel.open(source, StandardOpenOption.READ)) {
      tar.write(TarEntry.file(name, 0644, channel.size(), OWNER, MTIME), channel);
    }
  }

  private String usage() {
    return "--to oci-archive:" + file;
  }

  @Override
  public Path stagingDirectory() {
    return file.getParent();
  }

  @Override
  public String description() {
    return "OCI archive '" + file + "'";
  }
}
