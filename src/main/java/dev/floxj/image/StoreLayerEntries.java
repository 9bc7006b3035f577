package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entries of a store layer tar in nixpkgs' order, produced by a lazy depth-first walk: only the
 * sorted listings of the directories on the current path are held, whatever the closure size.
 */
final class StoreLayerEntries {
  private static final int NIX_DIRECTORY_MODE = 0755;
  private static final int FILE_TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR_FILE = 0100000;
  private static final int SYMBOLIC_LINK = 0120000;

  /** Receives each entry in order; {@code file} is set for regular files only. */
  @FunctionalInterface
  interface Visitor {
    void visit(TarEntry entry, Path file) throws IOException;
  }

  private final Path storeRoot;
  private final List<StorePath> storePaths;
  private final TarOwner owner;
  private final long mtime;
  private final FileNameCheck nameCheck;

  StoreLayerEntries(
      Path storeRoot,
      List<StorePath> storePaths,
      TarOwner owner,
      long mtime,
      FileNameCheck nameCheck) {
    this.storeRoot = storeRoot;
    this.storePaths = List.copyOf(storePaths);
    this.owner = owner;
    this.mtime = mtime;
    this.nameCheck = nameCheck;
  }

  /** Walks the store paths, handing every entry to {@code visitor} as it is found. */
  void forEach(Visitor visitor) throws IOException {
    // Docker's own tools put these first; nixpkgs does too.
    visitor.visit(TarEntry.directory("/nix/", NIX_DIRECTORY_MODE, owner, mtime), null);
    visitor.visit(TarEntry.directory("/nix/store/", NIX_DIRECTORY_MODE, owner, mtime), null);
    for (StorePath storePath : storePaths) {
      Path onDisk = storeRoot.resolve(storePath.path().substring(1));
      Map<String, Object> attributes;
      try {
        attributes = Files.readAttributes(onDisk, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
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
      visitTree(onDisk, storePath.path(), attributes, visitor);
    }
  }

  private void visitTree(Path file, String name, Map<String, Object> attributes, Visitor visitor)
      throws IOException {
    int mode = (Integer) attributes.get("mode");
    int permissions = mode & 07777;
    switch (mode & FILE_TYPE_MASK) {
      case DIRECTORY -> {
        visitor.visit(TarEntry.directory(name, permissions, owner, mtime), null);
        String prefix = name + "/";
        for (Child child : sortedChildren(file)) {
          Map<String, Object> childAttributes =
              Files.readAttributes(child.path, "unix:mode,size", LinkOption.NOFOLLOW_LINKS);
          visitTree(child.path, prefix + child.name, childAttributes, visitor);
        }
      }
      case REGULAR_FILE -> {
        // Hard links are written as the plain files they also are: the layer must not depend on
        // whether the store was optimised.
        long size = (Long) attributes.get("size");
        visitor.visit(TarEntry.file(name, permissions, size, owner, mtime), file);
      }
      case SYMBOLIC_LINK -> {
        String target = nameCheck.checkLinkTarget(Files.readSymbolicLink(file).toString(), file);
        visitor.visit(TarEntry.symlink(name, target, permissions, owner, mtime), null);
      }
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
