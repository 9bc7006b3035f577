package dev.floxj.image;

import dev.floxj.image.model.LayerContent;
import dev.floxj.FloxjException;
import dev.floxj.store.StoreContents;
import dev.floxj.store.StoreFileVisitor;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarEntryType;
import dev.floxj.tar.TarFormat;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Optional;

/**
 * The tar of a layer holding store paths, byte for byte what nixpkgs' {@code
 * streamLayeredImage} writes for them: {@code /nix/}, {@code /nix/store/}, then each path and
 * everything below it in NAR order, owned by one owner and stamped with one mtime.
 */
public final class StoreLayer implements LayerContent {
  /** nixpkgs' default mtime: 1970-01-01T00:00:01Z. */
  public static final long DEFAULT_MTIME = 1;

  /**
   * The version of how a store layer's tar is made from its store paths (entry order, names,
   * modes, PAX records, padding): part of {@link #identity}, so a layer-digest cache never gives
   * a digest of bytes made another way. Bump it with any change to the bytes of a store layer.
   */
  static final int TAR_FORMAT_VERSION = 1;

  private static final int NIX_DIRECTORY_MODE = 0755;
  private static final int SYMLINK_MODE = 0777;
  /**
   * The most memory a kept measuring walk may take (about 70,000 entries); a bigger layer is
   * walked again to be written, so that memory stays bounded whatever the store paths hold.
   */
  static final long MAX_KEPT_BYTES = 8 << 20;

  private final StoreContents contents;
  private final List<StorePath> storePaths;
  private final TarOwner owner;
  private final long mtime;
  // Measured once. writeTo compares the entries' length (finer than the record-rounded size)
  // to notice a store that changed in between.
  private long entriesLength = -1;
  // The measuring walk, kept to write from when the store opens files by name and the layer is
  // not huge: the second walk's directory listings, stats and sorting are what it saves.
  private KeptWalk keptWalk;
  // Asked for by the layer-digest cache before and after writing, and by a push: built once (a
  // NAR hash per store path).
  private volatile Optional<String> identity;

  public StoreLayer(StoreContents contents, List<StorePath> storePaths, TarOwner owner, long mtime) {
    this.contents = contents;
    this.storePaths = List.copyOf(storePaths);
    this.owner = owner;
    this.mtime = mtime;
  }

  /** The store paths in this layer, in layer order. */
  public List<StorePath> storePaths() {
    return storePaths;
  }

  @Override
  public long size() throws IOException {
    if (entriesLength < 0) {
      long[] sum = {0};
      KeptWalk walk =
          storePaths.stream().allMatch(contents::opensFilesByName)
              ? new KeptWalk(MAX_KEPT_BYTES)
              : null;
      forEachEntry(
          (entry, content) -> {
            sum[0] += TarFormat.entryLength(entry);
            if (walk != null) {
              walk.add(entry);
            }
          });
      entriesLength = sum[0];
      keptWalk = walk != null && !walk.overflowed() ? walk : null;
    }
    return TarFormat.archiveLength(entriesLength);
  }

  /**
   * The store paths in order with their NAR hashes, the owner, mtime and tar format version:
   * everything a store layer's bytes follow from. Empty when a NAR hash is unknown (the path's
   * name alone does not fix its content: a path garbage-collected and rebuilt may differ).
   */
  @Override
  public Optional<String> identity() {
    if (identity == null) {
      identity = describe();
    }
    return identity;
  }

  private Optional<String> describe() {
    StringBuilder identity =
        new StringBuilder("floxj store layer ").append(TAR_FORMAT_VERSION)
            .append("\nowner ").append(owner.uid()).append(':').append(owner.gid()).append(':')
            .append(owner.uname()).append(':').append(owner.gname())
            .append("\nmtime ").append(mtime).append('\n');
    for (StorePath path : storePaths) {
      Optional<String> narHash = contents.narHash(path);
      if (narHash.isEmpty()) {
        return Optional.empty();
      }
      identity.append(path.path()).append(' ').append(narHash.get()).append('\n');
    }
    return Optional.of(identity.toString());
  }

  @Override
  public long keptBytes() {
    KeptWalk walk = keptWalk;
    return walk == null ? 0 : walk.bytes();
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    TarWriter writer = new TarWriter(out);
    KeptWalk walk = keptWalk;
    keptWalk = null; // written once; its chunks go back to the pool
    if (walk != null) {
      walk.replay(
          owner,
          mtime,
          entry -> {
            if (entry.type() == TarEntryType.REGULAR_FILE) {
              try (ReadableByteChannel channel = openMeasured(entry.name())) {
                writer.write(entry, channel);
              }
            } else {
              writer.write(entry);
            }
          });
    } else {
      forEachEntry(
          (entry, content) -> {
            if (content == null) {
              writer.write(entry);
            } else {
              try (ReadableByteChannel channel = content.open()) {
                writer.write(entry, channel);
              }
            }
          });
    }
    if (entriesLength >= 0 && writer.bytesWritten() != entriesLength) {
      throw new FloxjException(
          "The store paths "
              + storePaths
              + " changed between measuring and writing their layer: make sure nothing modifies"
              + " the store and run again.");
    }
    writer.finish();
  }

  private ReadableByteChannel openMeasured(String name) throws IOException {
    try {
      return contents.open(name);
    } catch (NoSuchFileException e) {
      throw new FloxjException(
          "'"
              + name
              + "' disappeared between measuring and writing its layer: make sure nothing"
              + " modifies the store and run again.",
          e);
    }
  }

  /** Receives each tar entry in order; {@code content} is set for regular files only. */
  @FunctionalInterface
  private interface EntryVisitor {
    void visit(TarEntry entry, StoreFileVisitor.Content content) throws IOException;
  }

  private void forEachEntry(EntryVisitor visitor) throws IOException {
    // Docker's own tools put these first; nixpkgs does too.
    visitor.visit(TarEntry.directory("/nix/", NIX_DIRECTORY_MODE, owner, mtime), null);
    visitor.visit(TarEntry.directory("/nix/store/", NIX_DIRECTORY_MODE, owner, mtime), null);
    StoreFileVisitor toEntries =
        new StoreFileVisitor() {
          @Override
          public void directory(String name, int mode) throws IOException {
            visitor.visit(TarEntry.directory(name, mode, owner, mtime), null);
          }

          @Override
          public void regularFile(String name, int mode, long size, Content content)
              throws IOException {
            visitor.visit(TarEntry.file(name, mode, size, owner, mtime), content);
          }

          @Override
          public void symlink(String name, String target) throws IOException {
            visitor.visit(TarEntry.symlink(name, target, SYMLINK_MODE, owner, mtime), null);
          }
        };
    for (StorePath storePath : storePaths) {
      contents.walk(storePath, toEntries);
    }
  }
}
