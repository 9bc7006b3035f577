package dev.floxj.image;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A store with every shape of file a store layer must get right, shared by the layer tests. */
final class EdgeCaseStore {
  static final StorePath HELLO = TestStore.storePath("hello-2.12");
  static final StorePath DATA = TestStore.storePath("data.json");
  static final StorePath ALIAS = TestStore.storePath("alias");
  static final StorePath OTHER = TestStore.storePath("other-1.0");
  static final List<StorePath> ALL = List.of(HELLO, DATA, ALIAS, OTHER);

  private EdgeCaseStore() {}

  static TestStore build(Path root) throws IOException {
    TestStore store = new TestStore(root);
    Path hello = store.onDisk(HELLO);
    store.executable(hello.resolve("bin/hello"), TestStore.randomBytes(513, 1));
    store.hardLink(hello.resolve("bin/hello-again"), hello.resolve("bin/hello"));
    store.file(hello.resolve("bin/.hidden"), "");
    store.directory(hello.resolve("share/empty"));
    store.file(hello.resolve("share/block-512"), TestStore.randomBytes(512, 2));
    store.file(hello.resolve("share/block-513"), TestStore.randomBytes(513, 3));
    store.file(hello.resolve("share/large"), TestStore.randomBytes(3 * 1024 * 1024 + 7, 4));

    // Names that a plain string sort orders differently from nixpkgs.
    Path sort = hello.resolve("sort");
    store.file(sort.resolve("a/b"), "a/b");
    store.file(sort.resolve("a/b-c"), "a/b-c");
    store.file(sort.resolve("a-c"), "a-c");
    store.file(sort.resolve("a.b"), "a.b");
    store.file(sort.resolve("A"), "A");
    store.file(sort.resolve("_"), "_");
    store.file(sort.resolve("0"), "0");
    store.file(sort.resolve("Z"), "Z");
    store.file(sort.resolve("\u00e9t\u00e9"), "\u00e9t\u00e9");
    store.file(sort.resolve("\u00fcber/\u00fc"), "\u00fc");
    store.file(sort.resolve("\uD83D\uDE00"), "emoji");
    store.file(
        sort.resolve("\uFF21"), "fullwidth A"); // before the emoji in code points, after in UTF-16

    // Symlinks: to a file, to a directory (not followed), dangling, relative and absolute.
    store.symlink(hello.resolve("lib"), "share");
    store.symlink(hello.resolve("links/to-file"), "../bin/hello");
    store.symlink(hello.resolve("links/absolute"), DATA.path());
    store.symlink(hello.resolve("links/dangling"), "does/not/exist");
    store.symlink(hello.resolve("links/long-target"), "../" + "t".repeat(120) + "/target");
    store.symlink(hello.resolve("links/\u00e9-target"), "caf\u00e9");
    store.symlink(hello.resolve("links/unnormalised"), "./x//y/../"); // kept as written
    store.symlink(hello.resolve("links/trailing-slash"), "share/");

    // Names around the 100-byte ustar name field (tar names are /nix/store/<hash>-hello-2.12/...).
    String prefix = HELLO.path() + "/long/";
    Path longDir = hello.resolve("long");
    store.file(longDir.resolve("f".repeat(100 - prefix.length())), "exactly 100");
    store.file(longDir.resolve("g".repeat(101 - prefix.length())), "101");
    store.directory(longDir.resolve("d".repeat(100 - prefix.length()))); // 101 with its slash
    store.file(longDir.resolve("deep/" + "x".repeat(60) + "/" + "y".repeat(60) + "/file"), "deep");

    store.file(store.onDisk(DATA), "{\"a\": 1}\n");
    store.symlink(store.onDisk(ALIAS), HELLO.path());

    Path other = store.onDisk(OTHER);
    store.hardLink(other.resolve("bin/hello-copy"), hello.resolve("bin/hello"));
    store.file(other.resolve("etc/config"), "x = 1\n");

    for (StorePath storePath : ALL) {
      store.freeze(storePath);
    }
    return store;
  }
}
