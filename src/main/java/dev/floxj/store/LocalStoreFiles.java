package dev.floxj.store;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The files of store paths on a local disk, under a root ({@code /nix/store/x} is read from
 * {@code <root>/nix/store/x}). The walk is lazy and depth first: only the sorted listings of the
 * directories on the current path are held, whatever the size of the tree.
 *
 * <p>Like tar, it looks entries up relative to their open directory ({@code fstatat}, {@code
 * openat}) where the platform allows, rather than resolving every full path from the root again.
 * Files can also be opened by name, after a walk. A mode is the permission bits {@code
 * rwxrwxrwx}: Nix clears setuid, setgid and sticky bits in the store, and a NAR cannot express
 * them.
 */
public final class LocalStoreFiles implements StoreContents, StoreTree {
  private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final Set<OpenOption> READ_NO_FOLLOW =
      Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

  private final Path root;
  private final FileNameCheck nameCheck;

  public LocalStoreFiles(Path root) {
    this(root, FileNameCheck.forThisJvm());
  }

  public LocalStoreFiles(Path root, FileNameCheck nameCheck) {
    this.root = root;
    this.nameCheck = nameCheck;
  }

  /** Where {@code path} is on disk. */
  public Path fileOf(StorePath path) {
    return onDisk(path.path());
  }

  /** Where a full name, e.g. {@code /nix/store/<hash>-hello/bin/hello}, is on disk. */
  private Path onDisk(String name) {
    return root.resolve(name.substring(1));
  }

  @Override
  public void walk(StorePath storePath, StoreFileVisitor visitor) throws IOException {
    Path onDisk = fileOf(storePath);
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(onDisk, PosixFileAttributes.class, NO_FOLLOW);
    } catch (NoSuchFileException e) {
      throw new FloxjException(
          "Store path "
              + storePath
              + " is not on disk at "
              + onDisk
              + ": build or fetch it first (nix-store --realise "
              + storePath
              + ").",
          e);
    }
    String name = storePath.path();
    if (attributes.isDirectory()) {
      visitor.directory(name, mode(attributes));
      try (DirectoryStream<Path> listing = Files.newDirectoryStream(onDisk)) {
        visitChildren(listing, name + "/", visitor);
      }
    } else {
      visitNonDirectory(onDisk, name, attributes, visitor, () -> open(onDisk));
    }
  }

  @Override
  public boolean opensFilesByName(StorePath path) {
    return true;
  }

  @Override
  public ReadableByteChannel open(String name) throws IOException {
    return open(onDisk(name));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Like a NAR's index of names, the look-up takes every name literally: a symlink on the way
   * is not followed, so {@code <path>/etc/ssl/certs/ca-bundle.crt} is missing when {@code etc} is a
   * symlink, wherever it points. Following it on disk could leave the store (the build host's
   * {@code /etc}) and would make the image depend on whether the path came from the local store
   * or from a binary cache.
   */
  @Override
  public Kind kind(String path) throws IOException {
    Path file = onDisk(path);
    // Most look-ups are for files a store path lacks (a CA bundle, in every path of the closure),
    // and mostly their directory is missing too. That one stat answers without the exception each
    // of the checks below would throw, 2,400 of them on the benchmark's closure (~50 ms).
    if (!Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      return Kind.MISSING;
    }
    if (!directoriesOnTheWay(path)) {
      return Kind.MISSING;
    }
    if (Files.isSymbolicLink(file)) {
      return Kind.SYMLINK;
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      return Kind.DIRECTORY;
    }
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Kind.REGULAR_FILE : Kind.MISSING;
  }

  /**
   * Whether every name from the store path down to {@code path}'s grandparent is a directory
   * itself, not a symlink to one (the parent is checked by the caller).
   */
  private boolean directoriesOnTheWay(String path) {
    int from = path.startsWith(StorePath.STORE_DIR + "/") ? StorePath.STORE_DIR.length() + 1 : 1;
    int parent = path.lastIndexOf('/');
    for (int slash = path.indexOf('/', from); slash >= 0 && slash < parent; slash = path.indexOf('/', slash + 1)) {
      if (!Files.isDirectory(onDisk(path.substring(0, slash)), LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<String> list(String path) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(onDisk(path))) {
      for (Path child : listing) {
        names.add(child.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public String readSymlink(String path) throws IOException {
    return Files.readSymbolicLink(onDisk(path)).toString();
  }

  @Override
  public byte[] read(String path, int limit) throws IOException {
    Path file = onDisk(path);
    if (Files.size(file) > limit) {
      throw new IOException(path + " holds more than " + limit + " bytes");
    }
    return Files.readAllBytes(file);
  }

  @Override
  public boolean sameBytes(String a, String b) throws IOException {
    return Files.mismatch(onDisk(a), onDisk(b)) == -1;
  }


  /** Visits a directory's entries; {@code listing} stays open while they are visited. */
  private void visitChildren(DirectoryStream<Path> listing, String prefix, StoreFileVisitor visitor)
      throws IOException {
    // On Linux the listing is a SecureDirectoryStream: its entries are looked up relative to it.
    SecureDirectoryStream<Path> relative =
        listing instanceof SecureDirectoryStream<Path> secure ? secure : null;
    for (Child child : sortedChildren(listing)) {
      Path name = child.fileName;
      PosixFileAttributes attributes =
          relative != null
              ? relative
                  .getFileAttributeView(name, PosixFileAttributeView.class, NO_FOLLOW)
                  .readAttributes()
              : Files.readAttributes(child.path, PosixFileAttributes.class, NO_FOLLOW);
      String tarName = prefix + child.name;
      if (attributes.isDirectory()) {
        visitor.directory(tarName, mode(attributes));
        try (DirectoryStream<Path> below =
            relative != null
                ? relative.newDirectoryStream(name, NO_FOLLOW)
                : Files.newDirectoryStream(child.path)) {
          visitChildren(below, tarName + "/", visitor);
        }
      } else {
        visitNonDirectory(
            child.path,
            tarName,
            attributes,
            visitor,
            relative != null
                ? () -> relative.newByteChannel(name, READ_NO_FOLLOW)
                : () -> open(child.path));
      }
    }
  }

  private void visitNonDirectory(
      Path file,
      String name,
      PosixFileAttributes attributes,
      StoreFileVisitor visitor,
      StoreFileVisitor.Content content)
      throws IOException {
    // A hard link is just another name of a regular file: it is visited as one, so what the
    // image holds does not depend on whether the store was optimised.
    if (attributes.isRegularFile()) {
      visitor.regularFile(name, mode(attributes), attributes.size(), content);
    } else if (attributes.isSymbolicLink()) {
      visitor.symlink(name, nameCheck.checkLinkTarget(Files.readSymbolicLink(file).toString(), file));
    } else {
      throw new FloxjException(
          "'"
              + file
              + "' is neither a file, a directory nor a symlink, which a store path must not"
              + " contain: remove it from the store path or leave the path out of the image.");
    }
  }

  private static ReadableByteChannel open(Path file) throws IOException {
    return FileChannel.open(file, READ_NO_FOLLOW);
  }

  /** {@code rwxrwxrwx} as the octal bits tar writes, e.g. 0555. */
  private static int mode(PosixFileAttributes attributes) {
    int mode = 0;
    for (PosixFilePermission permission : attributes.permissions()) {
      // OWNER_READ comes first and is bit 8 (0400); OTHERS_EXECUTE is last, bit 0 (01).
      mode |= 0400 >> permission.ordinal();
    }
    return mode;
  }

  /** One directory's listing, in {@link PathOrder}: the only per-level memory of the walk. */
  private List<Child> sortedChildren(DirectoryStream<Path> listing) {
    List<Child> children = new ArrayList<>();
    for (Path path : listing) {
      Path fileName = path.getFileName();
      String name = nameCheck.checkName(fileName.toString(), path);
      children.add(new Child(path, fileName, name, name.getBytes(StandardCharsets.UTF_8)));
    }
    children.sort((a, b) -> PathOrder.compareNames(a.utf8Name, b.utf8Name));
    return children;
  }

  private record Child(Path path, Path fileName, String name, byte[] utf8Name) {}
}
