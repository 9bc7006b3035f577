package dev.floxj.image;

import dev.floxj.image.model.LayerContent;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Entry;
import dev.floxj.image.RootFilesystem.File;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarFormat;
import dev.floxj.tar.TarOwner;
import dev.floxj.tar.TarWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The last layer: everything outside {@code /nix/store} (the root symlink farm, {@code /etc},
 * {@code /tmp}, {@code /run}), small enough to be held in memory. Names are relative
 * ({@code bin/hello}), as Docker writes them; each entry's owner as its node says, fixed mtime.
 */
public final class CustomisationLayer implements LayerContent {
  private static final int SYMLINK_MODE = 0777;

  private final List<Entry> entries;
  private final long mtime;

  public CustomisationLayer(RootFilesystem root, long mtime) {
    this.entries = root.entries();
    this.mtime = mtime;
  }

  @Override
  public boolean heldInMemory() {
    return true;
  }

  @Override
  public long size() {
    long length = 0;
    for (Entry entry : entries) {
      length += TarFormat.entryLength(tarEntry(entry));
    }
    return TarFormat.archiveLength(length);
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    TarWriter tar = new TarWriter(out, TarFormat.RECORD_SIZE);
    for (Entry entry : entries) {
      if (entry.node() instanceof File file) {
        tar.write(tarEntry(entry), file.content());
      } else {
        tar.write(tarEntry(entry));
      }
    }
    tar.finish();
  }

  private TarEntry tarEntry(Entry entry) {
    TarOwner owner = entry.node().owner();
    if (entry.node() instanceof Directory directory) {
      return TarEntry.directory(entry.path(), directory.mode(), owner, mtime);
    } else if (entry.node() instanceof Symlink symlink) {
      return TarEntry.symlink(entry.path(), symlink.target(), SYMLINK_MODE, owner, mtime);
    } else {
      File file = (File) entry.node();
      return TarEntry.file(entry.path(), file.mode(), file.content().length, owner, mtime);
    }
  }
}
