package dev.floxj.image;

import dev.floxj.store.PathOrder;
import dev.floxj.tar.TarOwner;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The files of the customisation layer: everything of the image outside {@code /nix/store}, as a
 * tree of directories, symlinks and small generated files, walked in tar order.
 */
public final class RootFilesystem {

  /** One node of the tree, with the owner its tar entry records. */
  public sealed interface Node permits Directory, Symlink, File {
    TarOwner owner();

    /** The same node owned by {@code owner}; a directory with all it holds. */
    Node withOwner(TarOwner owner);
  }

  /** A directory with its permission bits; children sorted by name bytes. */
  public record Directory(int mode, TarOwner owner, Map<String, Node> children) implements Node {
    public Directory(int mode) {
      this(mode, TarOwner.ROOT);
    }

    public Directory(int mode, TarOwner owner) {
      this(mode, owner, new TreeMap<>(PathOrder.COMPONENT_WISE));
    }

    @Override
    public Directory withOwner(TarOwner owner) {
      Directory copy = new Directory(mode, owner);
      children.forEach((name, child) -> copy.children().put(name, child.withOwner(owner)));
      return copy;
    }
  }

  /** A symbolic link. */
  public record Symlink(String target, TarOwner owner) implements Node {
    public Symlink(String target) {
      this(target, TarOwner.ROOT);
    }

    @Override
    public Symlink withOwner(TarOwner owner) {
      return new Symlink(target, owner);
    }
  }

  /** A regular file held in memory (passwd, group and the like). */
  public record File(int mode, byte[] content, TarOwner owner) implements Node {
    public File(int mode, byte[] content) {
      this(mode, content, TarOwner.ROOT);
    }

    @Override
    public File withOwner(TarOwner owner) {
      return new File(mode, content, owner);
    }
  }

  /** One entry of a depth-first walk: its path relative to the root, without a leading slash. */
  public record Entry(String path, Node node) {}

  private final Directory root = new Directory(0755);

  public Directory root() {
    return root;
  }

  /** The directory at {@code path} (relative, slash-separated), created with mode 0755 if absent. */
  public Directory directory(String path) {
    Directory current = root;
    for (String name : path.split("/")) {
      Node child = current.children().get(name);
      if (!(child instanceof Directory)) {
        child = new Directory(0755);
        current.children().put(name, child);
      }
      current = (Directory) child;
    }
    return current;
  }

  /** The node at {@code path} (relative, slash-separated), not following symlinks; or null. */
  public Node node(String path) {
    Node current = root;
    for (String name : path.split("/")) {
      if (!(current instanceof Directory directory)) {
        return null;
      }
      current = directory.children().get(name);
    }
    return current;
  }

  /** Puts {@code node} at {@code path}, replacing what was there. */
  public void put(String path, Node node) {
    int slash = path.lastIndexOf('/');
    Directory parent = slash < 0 ? root : directory(path.substring(0, slash));
    parent.children().put(path.substring(slash + 1), node);
  }

  /** Every node below the root, depth first, siblings in name-byte order. */
  public List<Entry> entries() {
    List<Entry> entries = new java.util.ArrayList<>();
    collect("", root, entries);
    return Collections.unmodifiableList(entries);
  }

  private static void collect(String prefix, Directory dir, List<Entry> into) {
    for (Map.Entry<String, Node> child : dir.children().entrySet()) {
      String path = prefix + child.getKey();
      into.add(new Entry(path, child.getValue()));
      if (child.getValue() instanceof Directory sub) {
        collect(path + "/", sub, into);
      }
    }
  }
}
