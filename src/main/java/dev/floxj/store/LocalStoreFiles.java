package dev.floxj.store;

import dev.floxj.FloxjException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files of store paths on a local disk, under a root ({@code /nix/store/x} is read from
 * {@code <root>/nix/store/x}). The walk is lazy and depth first: only the sorted listings of the
 * directories on the current path are held, whatever the size of the tree.
 */
public final class LocalStoreFiles implements StoreContents, StoreTree {
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR_FILE = 0100000;
  private static final int SYMBOLIC_LINK = 0120000;
  private static final String ATTRIBUTES = "unix:mode,size";

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
    return root.resolve(path.path().substring(1));
  }

  @Override
  public void walk(StorePath storePath, StoreFileVisitor visitor) throws IOException {
    Path onDisk = fileOf(storePath);
    Map<String, Object> attributes;
    try {
      attributes = Files.readAttributes(onDisk, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
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
    visit(onDisk, storePath.path(), attributes, visitor);
  }

  @Override
  public Kind kind(String path) throws IOException {
    Path file = root.resolve(path.substring(1));
    if (Files.isSymbolicLink(file)) {
      return Kind.SYMLINK;
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      return Kind.DIRECTORY;
    }
    return Files.exists(file, LinkOption.NOFOLLOW_LINKS) ? Kind.REGULAR_FILE : Kind.MISSING;
  }

  @Override
  public List<String> list(String path) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(root.resolve(path.substring(1)))) {
      for (Path child : listing) {
        names.add(child.getFileName().toString());
      }
    }
    return names;
  }

  @Override
  public String readSymlink(String path) throws IOException {
    return Files.readSymbolicLink(root.resolve(path.substring(1))).toString();
  }

  @Override
  public boolean sameBytes(String a, String b) throws IOException {
    return Files.mismatch(root.resolve(a.substring(1)), root.resolve(b.substring(1))) == -1;
  }

  private void visit(Path file, String name, Map<String, Object> attributes, StoreFileVisitor visitor)
      throws IOException {
    int mode = (Integer) attributes.get("mode");
    int permissions = mode & 07777;
    switch (mode & FILE_TYPE_MASK) {
      case DIRECTORY -> {
        visitor.directory(name, permissions);
        String prefix = name + "/";
        for (Child child : sortedChildren(file)) {
          visit(
              child.path,
              prefix + child.name,
              Files.readAttributes(child.path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS),
              visitor);
        }
      }
      // A hard link is just another name of a regular file: it is visited as one, so what the
      // image holds does not depend on whether the store was optimised.
      case REGULAR_FILE ->
          visitor.regularFile(
              name,
              permissions,
              (Long) attributes.get("size"),
              () -> FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
      case SYMBOLIC_LINK ->
          visitor.symlink(name, nameCheck.checkLinkTarget(Files.readSymbolicLink(file).toString(), file));
      default ->
          throw new FloxjException(
              "'"
                  + file
                  + "' is neither a file, a directory nor a symlink, which a store path must not"
                  + " contain: remove it from the store path or leave the path out of the image.");
    }
  }

  /** One directory's listing, in {@link PathOrder}: the only per-level memory of the walk. */
  private List<Child> sortedChildren(Path directory) throws IOException {
    List<Child> children = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(directory)) {
      for (Path path : listing) {
        String name = nameCheck.checkName(path.getFileName().toString(), path);
        children.add(new Child(path, name, name.getBytes(StandardCharsets.UTF_8)));
      }
    }
    children.sort((a, b) -> PathOrder.compareNames(a.utf8Name, b.utf8Name));
    return children;
  }

  private record Child(Path path, String name, byte[] utf8Name) {}
}
