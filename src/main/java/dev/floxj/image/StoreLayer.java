package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarFormat;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The tar of a layer holding store paths, byte for byte what nixpkgs' {@code
 * streamLayeredImage} writes for them: {@code /nix/}, {@code /nix/store/}, then each path and
 * everything below it, owned by one owner and stamped with one mtime.
 */
public final class StoreLayer implements LayerContent {
  /** nixpkgs' default mtime: 1970-01-01T00:00:01Z. */
  public static final long DEFAULT_MTIME = 1;

  private final StoreLayerEntries entries;
  private final List<StorePath> storePaths;
  private long size = -1; // measured once; writeTo checks the store did not change since

  /**
   * @param storeRoot the directory the store lives under: {@code /nix/store/x} is read from
   *     {@code <storeRoot>/nix/store/x}; {@code /} for the real store
   */
  public StoreLayer(Path storeRoot, List<StorePath> storePaths, TarOwner owner, long mtime) {
    this(storeRoot, storePaths, owner, mtime, FileNameCheck.forThisJvm());
  }

  StoreLayer(
      Path storeRoot,
      List<StorePath> storePaths,
      TarOwner owner,
      long mtime,
      FileNameCheck nameCheck) {
    this.storePaths = List.copyOf(storePaths);
    this.entries = new StoreLayerEntries(storeRoot, this.storePaths, owner, mtime, nameCheck);
  }

  /** The store paths in this layer, in layer order. */
  public List<StorePath> storePaths() {
    return storePaths;
  }

  @Override
  public long size() throws IOException {
    if (size < 0) {
      long[] entriesLength = {0};
      entries.forEach((entry, file) -> entriesLength[0] += TarFormat.entryLength(entry));
      size = TarFormat.archiveLength(entriesLength[0]);
    }
    return size;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    TarWriter writer = new TarWriter(out);
    entries.forEach(
        (entry, file) -> {
          if (file == null) {
            writer.write(entry);
          } else {
            writer.write(entry, file);
          }
        });
    writer.finish();
    if (size >= 0 && writer.bytesWritten() != size) {
      throw new FloxjException(
          "The store paths "
              + storePaths
              + " changed between measuring and writing their layer: make sure nothing modifies"
              + " the store and run again.");
    }
  }
}
