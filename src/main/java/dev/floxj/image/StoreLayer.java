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
 * The tar of a layer holding store paths, byte for byte what nixpkgs' {@code streamLayeredImage}
 * writes for them: {@code /nix/}, {@code /nix/store/}, then each path and everything below it,
 * owned by one owner and stamped with one mtime.
 */
public final class StoreLayer implements LayerContent {
  /** nixpkgs' default mtime: 1970-01-01T00:00:01Z. */
  public static final long DEFAULT_MTIME = 1;

  private final StoreLayerEntries entries;
  private final List<StorePath> storePaths;
  // Measured once. writeTo compares the entries' length (finer than the record-rounded size)
  // to notice a store that changed in between.
  private long entriesLength = -1;

  /**
   * @param storeRoot the directory the store lives under: {@code /nix/store/x} is read from {@code
   *     <storeRoot>/nix/store/x}; {@code /} for the real store
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
    if (entriesLength < 0) {
      long[] sum = {0};
      entries.forEach((entry, file) -> sum[0] += TarFormat.entryLength(entry));
      entriesLength = sum[0];
    }
    return TarFormat.archiveLength(entriesLength);
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
    if (entriesLength >= 0 && writer.bytesWritten() != entriesLength) {
      throw new FloxjException(
          "The store paths "
              + storePaths
              + " changed between measuring and writing their layer: make sure nothing modifies"
              + " the store and run again.");
    }
    writer.finish();
  }
}
