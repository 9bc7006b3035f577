package dev.floxj.store;

import dev.floxj.FloxjException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.StringJoiner;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteJDBCLoader;

/**
 * A read-only view of a local Nix store under a root directory: {@code /} for the system store,
 * or the directory given to {@code nix --store ROOT} for a "chroot" store.
 *
 * <p>It reads Nix's SQLite database directly rather than running {@code nix path-info} or {@code
 * nix-store -qR}: no subprocess per query, no dependence on which Nix version is installed (the
 * commands' JSON changed shape across versions, the database schema has not since Nix 2.0), it
 * works where only a JRE is present, and a store under any root is read the same way. It never
 * writes and never takes Nix's locks: SQLite is opened read-only, so a running Nix is not
 * disturbed.
 *
 * <p>One connection serves every query; it opens on the first and stays open until {@link #close}.
 */
public final class LocalStore implements AutoCloseable {
  private static final Path STORE_DIR = Path.of("nix", "store");
  private static final Path DATABASE = Path.of("nix", "var", "nix", "db", "db.sqlite");

  private static final String ID_OF_PATH = "SELECT id FROM ValidPaths WHERE path = ?";
  private static final String HASH_OF_PATH = "SELECT hash FROM ValidPaths WHERE path = ?";

  // One statement computes the whole closure inside SQLite (the seed ids arrive as a JSON array),
  // returning one row per reference and one row with a NULL reference for paths that have none.
  private static final String CLOSURE_EDGES =
      """
      WITH RECURSIVE closure(id) AS (
        SELECT value FROM json_each(?)
        UNION
        SELECT r.reference FROM Refs r JOIN closure c ON r.referrer = c.id
      )
      SELECT c.id, v.path, r.reference, v.hash
      FROM closure c
      JOIN ValidPaths v ON v.id = c.id
      LEFT JOIN Refs r ON r.referrer = c.id
      """;

  private final Path root;
  private final Path database;
  private Connection connection;
  // The NAR hashes of the paths a closure query returned: a layer's identity asks for each of its
  // paths' hashes, and one query per path cost ~0.1 ms each on the critical path.
  private final Map<String, String> narHashes = new HashMap<>();

  private LocalStore(Path root, Path database) {
    this.root = root;
    this.database = database;
  }

  /**
   * The store under {@code root}, whose files are at {@code ROOT/nix/store} and whose database is
   * at {@code ROOT/nix/var/nix/db/db.sqlite}.
   *
   * @throws FloxjException when there is no store database under {@code root}
   */
  public static LocalStore at(Path root) {
    Path absoluteRoot = root.toAbsolutePath().normalize();
    Path database = absoluteRoot.resolve(DATABASE);
    if (!Files.isRegularFile(database)) {
      throw new FloxjException(
          "There is no Nix store at "
              + absoluteRoot
              + " (no database at "
              + database
              + "); pass `--store ROOT` if the store lives under another directory, or install"
              + " the packages with Nix first.");
    }
    return new LocalStore(absoluteRoot, database);
  }

  /** The store under {@code root}, or empty when there is no store database there. */
  public static Optional<LocalStore> find(Path root) {
    Path absoluteRoot = root.toAbsolutePath().normalize();
    Path database = absoluteRoot.resolve(DATABASE);
    return Files.isRegularFile(database)
        ? Optional.of(new LocalStore(absoluteRoot, database))
        : Optional.empty();
  }

  /**
   * Starts initialising SQLite's driver on a daemon thread. Its first use otherwise waits 50–100
   * ms for the native library and the date formats sqlite-jdbc builds for every configuration
   * (which load the JDK's locale and time zone data); started early, that overlaps with parsing
   * the command line. A failure here is left for the first real use to report.
   */
  public static void initializeDriverInBackground() {
    Thread thread =
        new Thread(
            () -> {
              try {
                SQLiteJDBCLoader.initialize();
                new SQLiteConfig();
              } catch (Exception | LinkageError e) {
                // reported by the first connection, with the database it was for
              }
            },
            "floxj-sqlite-init");
    thread.setDaemon(true);
    thread.start();
  }

  /** The root directory the store lives under ({@code /} for the system store). */
  public Path root() {
    return root;
  }

  /** Where the files of {@code path} are: {@code ROOT/nix/store/<hash>-<name>}. */
  public Path fileOf(StorePath path) {
    return files().fileOf(path);
  }

  /** The store paths' files, for reading them into layers. */
  public LocalStoreFiles files() {
    return new LocalStoreFiles(root);
  }

  /** Whether the store's database lists {@code path} as valid (built or substituted). */
  /** The NAR hash the database records for {@code path} ({@code sha256:<base16>}), if valid. */
  public synchronized Optional<String> narHash(StorePath path) {
    String known = narHashes.get(path.path());
    if (known != null) {
      return Optional.of(known);
    }
    try (PreparedStatement hashOf = connection().prepareStatement(HASH_OF_PATH)) {
      hashOf.setString(1, path.path());
      try (ResultSet rows = hashOf.executeQuery()) {
        return rows.next() ? Optional.ofNullable(base16(rows.getString(1))) : Optional.empty();
      }
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  // Nix writes sha256:<base16>; old databases may hold sha256:<nix32>.
  private static String base16(String hash) {
    if (hash != null && hash.startsWith("sha256:") && hash.length() == 7 + Nix32.encodedLength(32)) {
      try {
        return "sha256:" + java.util.HexFormat.of().formatHex(Nix32.decode(hash.substring(7), 32));
      } catch (RuntimeException e) {
        return hash;
      }
    }
    return hash;
  }

  public synchronized boolean isValid(StorePath path) {
    try (PreparedStatement idOf = connection().prepareStatement(ID_OF_PATH)) {
      return idOf(idOf, path) != null;
    } catch (SQLException e) {
      throw unreadable(e);
    }
  }

  /**
   * Every path reachable from {@code roots} with its references (self-references dropped), in a
   * deterministic breadth-first order: the roots as given, then references by store path.
   *
   * @throws StorePathNotValidException when a root is not valid in this store
   * @throws FloxjException when a path of the closure is registered but its files are missing
   */
  public synchronized ClosureGraph closure(Collection<StorePath> roots) {
    Map<Long, StorePath> pathById = new HashMap<>();
    Map<Long, List<Long>> referencesById = new HashMap<>();
    List<Long> rootIds = new ArrayList<>();
    try (PreparedStatement idOf = connection().prepareStatement(ID_OF_PATH);
        PreparedStatement edges = connection().prepareStatement(CLOSURE_EDGES)) {
      for (StorePath rootPath : new LinkedHashSet<>(roots)) {
        Long id = idOf(idOf, rootPath);
        if (id == null) {
          throw new StorePathNotValidException(rootPath, root);
        }
        rootIds.add(id);
      }
      edges.setString(1, jsonArray(rootIds));
      try (ResultSet rows = edges.executeQuery()) {
        while (rows.next()) {
          long id = rows.getLong(1);
          if (!pathById.containsKey(id)) {
            String path = rows.getString(2);
            pathById.put(id, new StorePath(path));
            String hash = base16(rows.getString(4));
            if (hash != null) {
              narHashes.put(path, hash);
            }
          }
          List<Long> references = referencesById.computeIfAbsent(id, unused -> new ArrayList<>());
          long reference = rows.getLong(3);
          if (!rows.wasNull() && reference != id) {
            references.add(reference);
          }
        }
      }
    } catch (SQLException e) {
      throw unreadable(e);
    }
    ClosureGraph graph = breadthFirst(rootIds, pathById, referencesById);
    graph.paths().forEach(this::requireFilesOnDisk);
    return graph;
  }

  private static ClosureGraph breadthFirst(
      List<Long> rootIds, Map<Long, StorePath> pathById, Map<Long, List<Long>> referencesById) {
    Comparator<Long> byPath = Comparator.comparing(id -> pathById.get(id).path());
    Map<StorePath, List<StorePath>> references = new LinkedHashMap<>();
    Set<Long> seen = new LinkedHashSet<>(rootIds);
    Queue<Long> queue = new ArrayDeque<>(rootIds);
    while (!queue.isEmpty()) {
      long id = queue.remove();
      List<Long> referenceIds = new ArrayList<>(referencesById.get(id));
      referenceIds.sort(byPath);
      references.put(pathById.get(id), referenceIds.stream().map(pathById::get).toList());
      for (long referenceId : referenceIds) {
        if (seen.add(referenceId)) {
          queue.add(referenceId);
        }
      }
    }
    return ClosureGraph.of(references);
  }

  private void requireFilesOnDisk(StorePath path) {
    // NOFOLLOW_LINKS: a store path may itself be a symlink, even a dangling one.
    if (!Files.exists(fileOf(path), LinkOption.NOFOLLOW_LINKS)) {
      throw new FloxjException(
          path
              + " is registered in the Nix database at "
              + database
              + " but its files are missing at "
              + fileOf(path)
              + "; repair it with `"
              + nixStoreCommand(root, "--repair-path " + path)
              + "`.");
    }
  }

  /** The {@code nix-store} command line that acts on the store under {@code root}. */
  static String nixStoreCommand(Path root, String arguments) {
    boolean systemStore = root.getParent() == null;
    return "nix-store " + (systemStore ? "" : "--store " + root + " ") + arguments;
  }

  private static Long idOf(PreparedStatement idOf, StorePath path) throws SQLException {
    idOf.setString(1, path.path());
    try (ResultSet rows = idOf.executeQuery()) {
      return rows.next() ? rows.getLong(1) : null;
    }
  }

  private static String jsonArray(List<Long> ids) {
    StringJoiner json = new StringJoiner(",", "[", "]");
    ids.forEach(id -> json.add(Long.toString(id)));
    return json.toString();
  }

  /** Closes the database connection, if a query opened one. */
  @Override
  public synchronized void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Nothing to lose: the connection was read-only.
      } finally {
        connection = null;
      }
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = open();
    }
    return connection;
  }

  /**
   * Opens the database read-only. {@code mode=ro} sees rows Nix has not yet checkpointed from its
   * write-ahead log, but fails when the {@code -wal}/{@code -shm} files are absent and this user
   * cannot create them (Nix before 2.23 deletes them when idle; the directory is root's); then
   * {@code immutable=1}, which always opens and never touches those files, is the fallback. (A
   * user who may create them gets the same empty files Nix itself would create.)
   */
  private Connection open() throws SQLException {
    SQLException readOnlyFailure;
    try {
      return openAndProbe("mode=ro");
    } catch (SQLException e) {
      readOnlyFailure = e;
    }
    try {
      return openAndProbe("immutable=1");
    } catch (SQLException e) {
      e.addSuppressed(readOnlyFailure);
      throw e;
    }
  }

  private Connection openAndProbe(String uriParameter) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    String uri = database.toUri().toString() + "?" + uriParameter;
    // sqlite-jdbc's own entry point rather than DriverManager's look-up of drivers by URL.
    Connection connection = JDBC.createConnection("jdbc:sqlite:" + uri, config.toProperties());
    try (PreparedStatement probe =
            connection.prepareStatement("SELECT 1 FROM ValidPaths, Refs LIMIT 1");
        ResultSet unused = probe.executeQuery()) {
      return connection;
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  private FloxjException unreadable(SQLException e) {
    return new FloxjException(
        "Cannot read the Nix database at "
            + database
            + " ("
            + e.getMessage()
            + "); check that it is a Nix store database readable by this user.",
        e);
  }
}
