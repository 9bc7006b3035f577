package dev.floxj.image;

import dev.floxj.store.StorePath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * A Nix-like store under a temporary root: {@code /nix/store/x} lives at {@code
 * <root>/nix/store/x}.
 */
final class TestStore {
  private static final String NIX32 = "0123456789abcdfghijklmnpqrsvwxyz";

  final Path root;

  TestStore(Path root) throws IOException {
    this.root = root;
    Files.createDirectories(root.resolve("nix/store"));
  }

  /** A store path named {@code name} with a hash derived from the name. */
  static StorePath storePath(String name) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      StringBuilder hash = new StringBuilder();
      for (int i = 0; i < 32; i++) {
        hash.append(NIX32.charAt(digest[i] & 31));
      }
      return StorePath.of(hash + "-" + name);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Where {@code storePath} lives on disk. */
  Path onDisk(StorePath storePath) {
    return root.resolve(storePath.path().substring(1));
  }

  Path directory(Path path) throws IOException {
    return Files.createDirectories(path);
  }

  Path file(Path path, byte[] content) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.write(path, content);
  }

  Path file(Path path, String content) throws IOException {
    return file(path, content.getBytes(StandardCharsets.UTF_8));
  }

  Path executable(Path path, byte[] content) throws IOException {
    file(path, content);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("r-xr-xr-x"));
    return path;
  }

  Path symlink(Path path, String target) throws IOException {
    Files.createDirectories(path.getParent());
    Path asPath = path.getFileSystem().getPath(target);
    if (asPath.toString().equals(target)) {
      return Files.createSymbolicLink(path, asPath);
    }
    // java.nio would normalise the target (double slashes, trailing slash): let ln keep it raw.
    try {
      Process ln = new ProcessBuilder("ln", "-s", target, path.toString()).inheritIO().start();
      if (ln.waitFor() != 0) {
        throw new IOException("ln -s " + target + " " + path + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return path;
  }

  Path hardLink(Path path, Path existing) throws IOException {
    Files.createDirectories(path.getParent());
    return Files.createLink(path, existing);
  }

  /** Sets permissions the way Nix leaves them: 0555 dirs, 0555 (if executable) or 0444 files. */
  void freeze(StorePath storePath) throws IOException {
    Files.walkFileTree(
        onDisk(storePath),
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isRegularFile()) {
              boolean executable =
                  Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
              Files.setPosixFilePermissions(
                  file, PosixFilePermissions.fromString(executable ? "r-xr-xr-x" : "r--r--r--"));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
