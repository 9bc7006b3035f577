package dev.floxj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreTest {
  @TempDir Path root;

  @Test
  void closure_isBreadthFirstWithRootsFirstThenReferencesByPath() throws Exception {
    StorePath app = path(1, "app");
    StorePath zlib = path(2, "zlib");
    StorePath libc = path(3, "libc");
    StorePath data = path(4, "data");
    Map<StorePath, List<StorePath>> refs = new LinkedHashMap<>();
    refs.put(libc, List.of());
    refs.put(zlib, List.of(libc));
    refs.put(data, List.of());
    refs.put(app, List.of(zlib, libc, data));
    writeStore(refs);

    ClosureGraph graph = LocalStore.at(root).closure(List.of(app));

    assertThat(graph.paths()).containsExactly(app, zlib, libc, data);
    assertThat(graph.referencesOf(app)).containsExactly(zlib, libc, data);
    assertThat(graph.referencesOf(zlib)).containsExactly(libc);
    assertThat(graph.referencesOf(data)).isEmpty();
  }

  @Test
  void closure_dropsSelfReferences() throws Exception {
    StorePath self = path(1, "self");
    StorePath dep = path(2, "dep");
    writeStore(Map.of(self, List.of(self, dep), dep, List.of(dep)));

    ClosureGraph graph = LocalStore.at(root).closure(List.of(self));

    assertThat(graph.referencesOf(self)).containsExactly(dep);
    assertThat(graph.referencesOf(dep)).isEmpty();
  }

  @Test
  void closure_ofSeveralRoots_keepsRootOrderAndListsSharedPathsOnce() throws Exception {
    StorePath a = path(1, "a");
    StorePath b = path(2, "b");
    StorePath shared = path(3, "shared");
    StorePath unrelated = path(4, "unrelated");
    writeStore(
        Map.of(a, List.of(shared), b, List.of(shared), shared, List.of(), unrelated, List.of()));

    ClosureGraph graph = LocalStore.at(root).closure(List.of(b, a, b));

    assertThat(graph.paths()).containsExactly(b, a, shared);
  }

  @Test
  void closure_ofInvalidRoot_throwsExceptionCarryingThePath() throws Exception {
    StorePath present = path(1, "present");
    StorePath absent = path(2, "absent");
    writeStore(Map.of(present, List.of()));

    assertThatThrownBy(() -> LocalStore.at(root).closure(List.of(present, absent)))
        .isInstanceOfSatisfying(
            StorePathNotValidException.class,
            e -> {
              assertThat(e.storePath()).isEqualTo(absent);
              assertThat(e.storeRoot()).isEqualTo(root);
            })
        .hasMessage(
            absent
                + " is not in the Nix store at "
                + root
                + "; build or substitute it first (e.g. `nix-store --store "
                + root
                + " -r "
                + absent
                + "`).");
  }

  @Test
  void closure_ofPathRegisteredButMissingOnDisk_saysHowToRepair() throws Exception {
    StorePath app = path(1, "app");
    StorePath gone = path(2, "gone");
    writeStore(Map.of(app, List.of(gone), gone, List.of()));
    Files.delete(root.resolve("nix/store").resolve(gone.baseName()));

    assertThatThrownBy(() -> LocalStore.at(root).closure(List.of(app)))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(gone + " is registered in the Nix database at ")
        .hasMessageContaining("--repair-path " + gone);
  }

  @Test
  void closure_countsADanglingSymlinkStorePathAsPresent() throws Exception {
    StorePath link = path(1, "link");
    writeStore(Map.of(link, List.of()));
    Path file = root.resolve("nix/store").resolve(link.baseName());
    Files.delete(file);
    Files.createSymbolicLink(file, Path.of("/nix/store/does-not-exist"));

    assertThat(LocalStore.at(root).closure(List.of(link)).paths()).containsExactly(link);
  }

  @Test
  void at_withoutDatabase_namesTheFileAndTheStoreOption() {
    assertThatThrownBy(() -> LocalStore.at(root))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "There is no Nix store at "
                + root
                + " (no database at "
                + root.resolve("nix/var/nix/db/db.sqlite")
                + "); pass `--store ROOT` if the store lives under another directory, or install"
                + " the packages with Nix first.");
  }

  @Test
  void closure_ofDatabaseWithoutNixTables_saysItCannotReadIt() throws Exception {
    Path database = root.resolve("nix/var/nix/db/db.sqlite");
    Files.createDirectories(database.getParent());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE Other (x)");
    }

    assertThatThrownBy(() -> LocalStore.at(root).closure(List.of(path(1, "a"))))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("Cannot read the Nix database at " + database);
  }

  @Test
  void isValid_answersFromTheDatabase() throws Exception {
    StorePath present = path(1, "present");
    writeStore(Map.of(present, List.of()));
    try (LocalStore store = LocalStore.at(root)) {
      assertThat(store.isValid(present)).isTrue();
      assertThat(store.isValid(path(2, "absent"))).isFalse();
    }
  }

  @Test
  void queries_shareOneConnection_andAQueryAfterCloseOpensAnother() throws Exception {
    StorePath app = path(1, "app");
    StorePath lib = path(2, "lib");
    writeStore(Map.of(app, List.of(lib), lib, List.of()));
    LocalStore store = LocalStore.at(root);

    assertThat(store.isValid(app)).isTrue();
    assertThat(store.closure(List.of(app)).paths()).containsExactly(app, lib);
    store.close();
    assertThat(store.isValid(lib)).isTrue();
    store.close();
    store.close();
  }

  @Test
  void fileOf_isUnderTheRootsStoreDirectory() throws Exception {
    writeStore(Map.of());
    StorePath hello = path(7, "hello-1.0");

    assertThat(LocalStore.at(root).fileOf(hello))
        .isEqualTo(root.resolve("nix/store").resolve(hello.baseName()));
  }

  @Test
  void closure_ofThousandsOfPaths_takesMilliseconds() throws Exception {
    // A layered DAG: each path refers to the four paths of the next layer, like a real system.
    int count = 3000;
    List<StorePath> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add(path(i, "pkg-" + i));
    }
    Map<StorePath, List<StorePath>> refs = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      List<StorePath> next = new ArrayList<>();
      for (int j = 1; j <= 4 && i + j * 7 < count; j++) {
        next.add(paths.get(i + j * 7));
      }
      refs.put(paths.get(i), next);
    }
    writeStore(refs);
    LocalStore store = LocalStore.at(root);
    store.closure(List.of(paths.get(0))); // warm up the driver

    long start = System.nanoTime();
    ClosureGraph graph = store.closure(paths.subList(0, 7));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(graph.size()).isEqualTo(count);
    // Tens of milliseconds on an idle machine; the bound is loose for busy CI machines but still
    // catches a query per path over a slow connection or an exponential walk.
    assertThat(millis).isLessThan(2000);
  }

  /** Writes a Nix-shaped database (WAL mode, schema 10 tables) and one file per path. */
  private void writeStore(Map<StorePath, List<StorePath>> references)
      throws IOException, SQLException {
    Path database = root.resolve("nix/var/nix/db/db.sqlite");
    Files.createDirectories(database.getParent());
    Files.createDirectories(root.resolve("nix/store"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute(
            "CREATE TABLE ValidPaths (id integer primary key autoincrement not null, path text"
                + " unique not null, hash text not null, registrationTime integer not null,"
                + " deriver text, narSize integer, ultimate integer, sigs text, ca text)");
        s.execute(
            "CREATE TABLE Refs (referrer integer not null, reference integer not null,"
                + " primary key (referrer, reference))");
        s.execute("CREATE INDEX IndexReferrer on Refs(referrer)");
        s.execute("CREATE INDEX IndexReference on Refs(reference)");
      }
      c.setAutoCommit(false);
      Map<StorePath, Long> ids = new LinkedHashMap<>();
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO ValidPaths (id, path, hash, registrationTime) VALUES (?, ?, 'sha256:0',"
                  + " 1)")) {
        // Ids in reverse insertion order, so the test cannot pass by relying on id order.
        long id = references.size() + 100;
        for (StorePath path : references.keySet()) {
          ids.put(path, id);
          insert.setLong(1, id--);
          insert.setString(2, path.path());
          insert.addBatch();
          Files.writeString(root.resolve("nix/store").resolve(path.baseName()), path.name());
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO Refs (referrer, reference) VALUES (?, ?)")) {
        for (Map.Entry<StorePath, List<StorePath>> entry : references.entrySet()) {
          for (StorePath reference : entry.getValue()) {
            insert.setLong(1, ids.get(entry.getKey()));
            insert.setLong(2, ids.get(reference));
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      c.commit();
    }
  }

  private static StorePath path(int number, String name) {
    String alphabet = "0123456789abcdfghijklmnpqrsvwxyz";
    StringBuilder hash = new StringBuilder();
    for (int n = number; hash.length() < 32; n /= 32) {
      hash.append(alphabet.charAt(n % 32));
    }
    return StorePath.of(hash.reverse() + "-" + name);
  }
}
