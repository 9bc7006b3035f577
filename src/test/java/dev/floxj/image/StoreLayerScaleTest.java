package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StoreFileVisitor;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Store layers of many files: streamed by a lazy walk, never held as a list of entries. */
class StoreLayerScaleTest {
  @TempDir(factory = FastTempDirFactory.class)
  Path root;

  @Test
  void hundredThousandFiles_streamWithExactlyTheMeasuredSize() throws IOException {
    TestStore store = new TestStore(root);
    StorePath path = TestStore.storePath("many-files");
    Path top = store.onDisk(path);
    for (int dir = 0; dir < 100; dir++) {
      Path directory = Files.createDirectories(top.resolve("d" + dir));
      Path first = Files.writeString(directory.resolve("f0"), "content " + dir);
      for (int file = 1; file < 1000; file++) {
        Files.createLink(directory.resolve("f" + file), first); // cheap; archived as files
      }
    }
    StoreLayer layer = new StoreLayer(new LocalStoreFiles(store.root), List.of(path), TarOwner.ROOT, 1);

    long[] entries = {0};
    new LocalStoreFiles(store.root).walk(path, new CountingVisitor(() -> entries[0]++));
    CountingOutputStream out = new CountingOutputStream();
    layer.writeTo(out);

    // the path, 100 directories and 100,000 files of one content block each
    assertThat(entries[0]).isEqualTo(1 + 100 + 100_000);
    long entriesLength = (2 + 1 + 100) * 512L + 100_000 * 1024L;
    assertThat(out.count)
        .isEqualTo(layer.size())
        .isBetween(entriesLength + 1024, entriesLength + 10240);
  }

  @Test
  void walk_isLazy_aFileAddedToALaterDirectoryDuringTheWalkIsSeen() throws IOException {
    TestStore store = new TestStore(root);
    StorePath path = TestStore.storePath("lazy");
    Path top = store.onDisk(path);
    store.file(top.resolve("a/first"), "1");
    store.directory(top.resolve("z"));
    List<String> names = new ArrayList<>();

    new LocalStoreFiles(store.root)
        .walk(
            path,
            new StoreFileVisitor() {
              @Override
              public void directory(String name, int mode) {
                names.add(name + "/");
              }

              @Override
              public void regularFile(String name, int mode, long size, Content content)
                  throws IOException {
                names.add(name);
                if (names.size() < 10) {
                  // An eager walk would have listed z/ already and miss this file.
                  Files.writeString(top.resolve("z/late"), "2");
                }
              }

              @Override
              public void symlink(String name, String target) {
                names.add(name);
              }
            });

    assertThat(names).endsWith(path.path() + "/z/", path.path() + "/z/late");
  }

  /** Counts every file, directory and symlink visited. */
  private record CountingVisitor(Runnable count) implements StoreFileVisitor {
    @Override
    public void directory(String name, int mode) {
      count.run();
    }

    @Override
    public void regularFile(String name, int mode, long size, Content content) {
      count.run();
    }

    @Override
    public void symlink(String name, String target) {
      count.run();
    }
  }
}
