package dev.floxj.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The test catalog: a flake directory ({@code src/test/nix/catalog/} plus packages.nix, the
 * static busybox and the package set's GNU bash and locale archive) whose {@code
 * legacyPackages.<system>} stands in for nixpkgs. Its hello, greet and cowsay are the test package set's, so they build into the test store once, for both. The
 * directory is named after its contents' hash, so concurrent builds share it safely.
 */
public final class TestCatalog {
  private static final Path BUSYBOX = Path.of("/bin/busybox");

  private static TestCatalog made;

  private final Path directory;
  private final TestPackages packages;

  private TestCatalog(Path directory, TestPackages packages) {
    this.directory = directory;
    this.packages = packages;
  }

  /**
   * The catalog, with the test package set built; skips the test without Nix or busybox (fails with
   * {@code CI=true}).
   */
  public static synchronized TestCatalog get() {
    TestPackages packages = TestPackages.get();
    Prerequisites.requireOnPath("nix", "install Debian's nix-bin");
    if (made == null) {
      made = new TestCatalog(write(), packages);
    }
    return made;
  }

  /** The flake reference to pass as {@code --catalog} or {@code FLOXJ_CATALOG}. */
  public String reference() {
    return "path:" + directory;
  }

  /** The catalog's directory (a flake). */
  public Path directory() {
    return directory;
  }

  /** The test package set, whose store the catalog builds into. */
  public TestPackages packages() {
    return packages;
  }

  /** floxj, in {@code workingDirectory}, with this catalog and Nix configured as the tests need. */
  public FloxjRun floxj(Path workingDirectory) {
    return FloxjRun.floxj()
        .in(workingDirectory)
        .env("FLOXJ_CATALOG", reference())
        .env("NIX_CONFIG", TestPackages.NIX_CONFIG);
  }

  private static Path write() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try {
      Path nix = testNixDirectory();
      files.put("flake.nix", Files.readAllBytes(nix.resolve("catalog/flake.nix")));
      files.put("catalog.nix", Files.readAllBytes(nix.resolve("catalog/catalog.nix")));
      files.put("packages.nix", Files.readAllBytes(nix.resolve("packages.nix")));
      files.put("boot/busybox", Files.readAllBytes(BUSYBOX));
      Path gnuDir = TestPackages.gnuDirectory();
      files.put("gnu/bash", Files.readAllBytes(gnuDir.resolve("bash")));
      files.put("gnu/locale-archive", Files.readAllBytes(gnuDir.resolve("locale-archive")));
      Path temp = TestPackages.cacheRoot();
      Path directory = temp.resolve("floxj-test-catalog-" + hash(files));
      if (Files.isDirectory(directory)) {
        return directory;
      }
      Path partial = Files.createTempDirectory(temp, "floxj-test-catalog.partial");
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = partial.resolve(file.getKey());
        Files.createDirectories(target.getParent());
        Files.write(target, file.getValue());
      }
      partial.resolve("boot/busybox").toFile().setExecutable(true, false);
      partial.resolve("gnu/bash").toFile().setExecutable(true, false);
      try {
        Files.move(partial, directory, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        deleteTree(partial); // another JVM made it first
      } catch (IOException e) {
        if (!Files.isDirectory(directory)) {
          throw e;
        }
        deleteTree(partial);
      }
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the test catalog", e);
    }
  }

  private static String hash(Map<String, byte[]> files) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      files.forEach(
          (name, content) -> {
            sha256.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(content);
          });
      return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** src/test/nix of this checkout. */
  private static Path testNixDirectory() {
    Path relative = Path.of("src", "test", "nix");
    Path fromWorkingDirectory = Path.of(System.getProperty("user.dir")).resolve(relative);
    if (Files.isDirectory(fromWorkingDirectory)) {
      return fromWorkingDirectory;
    }
    try {
      Path testClasses =
          Path.of(TestCatalog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testClasses.getParent().getParent().resolve(relative);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
