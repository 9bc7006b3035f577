package dev.floxj.image;

import static dev.floxj.image.EdgeCaseStore.ALIAS;
import static dev.floxj.image.EdgeCaseStore.ALL;
import static dev.floxj.image.EdgeCaseStore.DATA;
import static dev.floxj.image.EdgeCaseStore.HELLO;
import static dev.floxj.image.EdgeCaseStore.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.FileNameCheck;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.PathOrder;
import dev.floxj.store.StoreContents;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreLayerTest {
  @TempDir static Path sharedRoot;
  private static TestStore store;

  @TempDir Path root;

  @BeforeAll
  static void buildStore() throws IOException {
    store = EdgeCaseStore.build(sharedRoot);
  }

  @Test
  void layer_startsWithNixAndNixStoreThenEachPathInLayerOrder() throws IOException {
    List<String> names = new ArrayList<>(readBack(List.of(DATA, ALIAS, HELLO)).keySet());

    assertThat(names.subList(0, 4))
        .containsExactly("/nix/", "/nix/store/", DATA.path(), ALIAS.path());
    assertThat(names.get(4)).isEqualTo(HELLO.path() + "/");
  }

  @Test
  void readBack_withCommonsCompress_hasTheStoresTypesModesTargetsAndContent() throws IOException {
    Map<String, TarArchiveEntry> entries = readBack(ALL);
    Path hello = store.onDisk(HELLO);

    TarArchiveEntry nix = entries.get("/nix/");
    assertThat(nix.isDirectory()).isTrue();
    assertThat(nix.getMode()).isEqualTo(0755);
    assertThat(entries.get(HELLO.path() + "/").getMode()).isEqualTo(0555);
    assertThat(entries.get(HELLO.path() + "/bin/hello").getMode()).isEqualTo(0555);
    assertThat(entries.get(HELLO.path() + "/share/block-513").getMode()).isEqualTo(0444);
    assertThat(entries.get(HELLO.path() + "/share/empty/").isDirectory()).isTrue();
    assertThat(entries.get(HELLO.path() + "/bin/.hidden").getSize()).isZero();
    assertThat(entries.get(HELLO.path() + "/sort/\u00fcber/\u00fc").isFile()).isTrue();
    assertThat(entries.get(DATA.path()).getSize()).isEqualTo(Files.size(store.onDisk(DATA)));
    for (TarArchiveEntry entry : entries.values()) {
      assertThat(entry.getLongUserId()).isZero();
      assertThat(entry.getUserName()).isEqualTo("root");
      assertThat(entry.getModTime().getTime()).isEqualTo(1000);
    }

    assertThat(entries.get(HELLO.path() + "/lib").isSymbolicLink()).isTrue();
    assertThat(entries.get(HELLO.path() + "/lib").getLinkName()).isEqualTo("share");
    assertThat(entries.keySet()).noneMatch(name -> name.startsWith(HELLO.path() + "/lib/"));
    assertThat(entries.get(HELLO.path() + "/links/dangling").getLinkName())
        .isEqualTo("does/not/exist");
    assertThat(entries.get(HELLO.path() + "/links/absolute").getLinkName()).isEqualTo(DATA.path());
    assertThat(entries.get(ALIAS.path()).getLinkName()).isEqualTo(HELLO.path());
    assertThat(entries.get(HELLO.path() + "/links/unnormalised").getLinkName())
        .isEqualTo("./x//y/../");

    // Hard links are plain files with their full content, never typeflag 1.
    assertThat(entries.values()).noneMatch(TarArchiveEntry::isLink);
    byte[] hello1 = Files.readAllBytes(hello.resolve("bin/hello"));
    assertThat(contentOf(ALL, HELLO.path() + "/bin/hello-again")).isEqualTo(hello1);
    assertThat(contentOf(ALL, OTHER.path() + "/bin/hello-copy")).isEqualTo(hello1);
    assertThat(contentOf(ALL, HELLO.path() + "/share/large"))
        .isEqualTo(Files.readAllBytes(hello.resolve("share/large")));
  }

  @Test
  void entriesOfAStorePath_comeDepthFirstInComponentWiseByteOrder() throws IOException {
    List<String> relative = new ArrayList<>();
    for (String name : readBack(List.of(HELLO)).keySet()) {
      if (name.startsWith(HELLO.path() + "/")) {
        relative.add(name.substring(HELLO.path().length() + 1).replaceAll("/$", ""));
      }
    }
    relative.remove(""); // the store path itself, first

    assertThat(relative).isSortedAccordingTo(PathOrder.COMPONENT_WISE);
    assertThat(relative)
        .containsSubsequence("sort/a/b", "sort/a/b-c", "sort/a-c", "sort/a.b")
        .containsSubsequence("sort/0", "sort/A", "sort/Z", "sort/_", "sort/a")
        .containsSubsequence("sort/\u00fcber/\u00fc", "sort/\uFF21", "sort/\uD83D\uDE00");
  }

  @Test
  void size_equalsTheBytesWritten() throws IOException {
    for (List<StorePath> paths : List.of(ALL, List.of(DATA), List.of(ALIAS), List.of(HELLO))) {
      StoreLayer layer = new StoreLayer(new LocalStoreFiles(store.root), paths, TarOwner.ROOT, 1);
      CountingOutputStream out = new CountingOutputStream();
      layer.writeTo(out);

      assertThat(layer.size()).isEqualTo(out.count);
      assertThat(out.count % 10240).isZero();
    }
  }

  @Test
  void writingFromTheKeptMeasuringWalk_givesTheBytesOfWalkingAgain() throws IOException {
    LocalStoreFiles files = new LocalStoreFiles(store.root);
    StoreContents walkingTwice = files::walk; // as a binary cache's NARs are read
    TarOwner owner = new TarOwner(1000, 100, "flox", "flox");
    StoreLayer keepingItsWalk = new StoreLayer(files, ALL, owner, 7);
    StoreLayer walkingAgain = new StoreLayer(walkingTwice, ALL, owner, 7);

    long size = keepingItsWalk.size();
    assertThat(keepingItsWalk.keptBytes()).isPositive();
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    keepingItsWalk.writeTo(kept);
    ByteArrayOutputStream walked = new ByteArrayOutputStream();
    walkingAgain.writeTo(walked);

    assertThat(kept.size()).isEqualTo(size);
    assertThat(kept.toByteArray()).isEqualTo(walked.toByteArray());
    assertThat(keepingItsWalk.keptBytes()).isZero(); // freed once written
  }

  @Test
  void nonRootOwnerAndMtime_areForcedOnEveryEntry() throws IOException {
    TarOwner user = new TarOwner(1000, 100, "flox", "users");
    StoreLayer layer = new StoreLayer(new LocalStoreFiles(store.root), List.of(HELLO), user, 1_700_000_000L);

    for (TarArchiveEntry entry : readBack(layer).values()) {
      assertThat(entry.getLongUserId()).isEqualTo(1000);
      assertThat(entry.getLongGroupId()).isEqualTo(100);
      assertThat(entry.getUserName()).isEqualTo("flox");
      assertThat(entry.getGroupName()).isEqualTo("users");
      assertThat(entry.getModTime().getTime()).isEqualTo(1_700_000_000_000L);
    }
  }

  @Test
  void missingStorePath_failsNamingItAndWhereItWasLookedFor() throws IOException {
    TestStore empty = new TestStore(root);
    StoreLayer layer = new StoreLayer(new LocalStoreFiles(empty.root), List.of(DATA), TarOwner.ROOT, 1);

    assertThatThrownBy(layer::size)
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(DATA.path())
        .hasMessageContaining(empty.onDisk(DATA).toString())
        .hasMessageContaining("nix-store --realise");
  }

  @Test
  void nonAsciiNames_whenJavaDoesNotDecodeNamesAsUtf8_failAskingForAUtf8Locale() {
    StoreLayer layer =
        new StoreLayer(
            new LocalStoreFiles(store.root, new FileNameCheck(false)), List.of(HELLO), TarOwner.ROOT, 1);

    assertThatThrownBy(layer::size)
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("LC_ALL=C.UTF-8")
        .hasMessageContaining(store.onDisk(HELLO).toString());
  }

  @Test
  void asciiNames_whenJavaDoesNotDecodeNamesAsUtf8_areFine() throws IOException {
    StoreLayer layer =
        new StoreLayer(new LocalStoreFiles(store.root, new FileNameCheck(false)), List.of(OTHER, DATA), TarOwner.ROOT, 1);

    assertThat(layer.size()).isPositive();
  }

  @Test
  void storeThatChangesBetweenMeasuringAndWriting_failsInsteadOfWritingAWrongSize()
      throws IOException {
    TestStore mutable = new TestStore(root);
    StorePath path = TestStore.storePath("mutable");
    Path file = mutable.file(mutable.onDisk(path).resolve("f"), "12345");
    LocalStoreFiles files = new LocalStoreFiles(mutable.root);
    StoreLayer keepingItsWalk = new StoreLayer(files, List.of(path), TarOwner.ROOT, 1);
    StoreContents walkingTwice = files::walk; // as a binary cache's NARs are read
    StoreLayer walkingAgain = new StoreLayer(walkingTwice, List.of(path), TarOwner.ROOT, 1);

    keepingItsWalk.size();
    walkingAgain.size();
    Files.write(file, new byte[600], StandardOpenOption.APPEND); // one more block

    assertThat(keepingItsWalk.keptBytes()).isPositive();
    assertThatThrownBy(() -> keepingItsWalk.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(path.path() + "/f")
        .hasMessageContaining("make sure nothing modifies it");
    assertThat(walkingAgain.keptBytes()).isZero();
    assertThatThrownBy(() -> walkingAgain.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(path.path())
        .hasMessageContaining("changed between measuring and writing");
  }

  @Test
  void fileRemovedBetweenMeasuringAndWriting_failsNamingIt() throws IOException {
    TestStore mutable = new TestStore(root);
    StorePath path = TestStore.storePath("mutable");
    Path file = mutable.file(mutable.onDisk(path).resolve("f"), "12345");
    StoreLayer layer = new StoreLayer(new LocalStoreFiles(mutable.root), List.of(path), TarOwner.ROOT, 1);

    layer.size();
    Files.delete(file);

    assertThatThrownBy(() -> layer.writeTo(OutputStream.nullOutputStream()))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "'" + path.path() + "/f' disappeared between measuring and writing its layer: make"
                + " sure nothing modifies the store and run again.");
  }

  @Test
  void fileThatGrowsWhileBeingCopied_failsNamingIt() throws IOException {
    TestStore mutable = new TestStore(root);
    StorePath path = TestStore.storePath("mutable");
    Path file = mutable.file(mutable.onDisk(path).resolve("f"), new byte[3 << 20]);
    StoreLayer layer = new StoreLayer(new LocalStoreFiles(mutable.root), List.of(path), TarOwner.ROOT, 1);
    OutputStream growWhenFirstChunkArrives =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (Files.size(file) == 3 << 20) {
              Files.write(file, new byte[10], StandardOpenOption.APPEND);
            }
          }
        };

    assertThatThrownBy(() -> layer.writeTo(growWhenFirstChunkArrives))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(path.path() + "/f")
        .hasMessageContaining("grew beyond its 3145728 bytes");
  }

  private static Map<String, TarArchiveEntry> readBack(List<StorePath> paths) throws IOException {
    return readBack(new StoreLayer(new LocalStoreFiles(store.root), paths, TarOwner.ROOT, 1));
  }

  private static Map<String, TarArchiveEntry> readBack(StoreLayer layer) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    byte[] tar = bytes(layer);
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        String name = absolute(entry.getName());
        assertThat(entries.put(name, entry)).as("duplicate %s", name).isNull();
      }
    }
    return entries;
  }

  private static byte[] contentOf(List<StorePath> paths, String name) throws IOException {
    byte[] tar = bytes(new StoreLayer(new LocalStoreFiles(store.root), paths, TarOwner.ROOT, 1));
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        if (absolute(entry.getName()).equals(name)) {
          return in.readAllBytes();
        }
      }
    }
    throw new AssertionError(name + " not in the layer");
  }

  /** commons-compress drops the leading slash of names that come from PAX records. */
  private static String absolute(String name) {
    return name.startsWith("/") ? name : "/" + name;
  }

  private static byte[] bytes(StoreLayer layer) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layer.writeTo(out);
    return out.toByteArray();
  }
}
