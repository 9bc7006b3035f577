package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Node;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.PathOrder;
import dev.floxj.store.StoreTree;
import dev.floxj.store.StoreTree.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins package outputs into one tree of symlinks, the way Nix's {@code buildEnv} does: a
 * directory only one package provides is linked whole; a directory several provide becomes a real
 * directory whose entries are joined in turn; when two packages provide the same file, the lower
 * priority number wins, and equal priorities with different contents are a collision.
 *
 * <p>Symlinks inside packages are joined as they are, not followed, so a package's symlink to a
 * directory is a leaf here. The top-level directories ({@code bin}, {@code share}, ...) are always
 * real, so that generated files can be added next to them.
 */
public final class EnvironmentJoin {

  /** One package output to join: its package and its store path. */
  public record Member(String packageName, int priority, String storePath) {}

  /** Where a link in the tree came from, to settle collisions and to split linked directories. */
  private record Origin(Member member, String storePath, boolean isDirectory) {}

  private final RootFilesystem tree;
  private final StoreTree files;
  private final Map<Symlink, Origin> origins = new IdentityHashMap<>();

  /** Joins into {@code tree}, looking into the members' store paths through {@code files}. */
  public EnvironmentJoin(RootFilesystem tree, StoreTree files) {
    this.tree = tree;
    this.files = files;
  }

  /** Adds the members in order; the result does not depend on that order except in messages. */
  public void addAll(List<Member> members) {
    for (Member member : members) {
      if (kind(member.storePath()) != Kind.DIRECTORY) {
        continue; // a store path that is a single file or symlink has nothing to join
      }
      joinDirectory(tree.root(), "", member, member.storePath());
    }
  }

  private void joinDirectory(Directory into, String relative, Member member, String storePath) {
    for (String name : list(storePath)) {
      String childRelative = relative.isEmpty() ? name : relative + "/" + name;
      String child = storePath + "/" + name;
      Origin incoming = new Origin(member, child, kind(child) == Kind.DIRECTORY);
      Node existing = into.children().get(name);
      if (existing == null) {
        if (incoming.isDirectory() && relative.isEmpty()) {
          Directory dir = new Directory(0755);
          into.children().put(name, dir);
          joinDirectory(dir, childRelative, member, incoming.storePath());
        } else {
          into.children().put(name, link(incoming));
        }
      } else if (existing instanceof Directory dir && incoming.isDirectory()) {
        joinDirectory(dir, childRelative, member, incoming.storePath());
      } else if (existing instanceof Symlink symlink
          && origins.get(symlink).isDirectory()
          && incoming.isDirectory()) {
        Origin previous = origins.remove(symlink);
        Directory dir = new Directory(0755);
        into.children().put(name, dir);
        joinDirectory(dir, childRelative, previous.member(), previous.storePath());
        joinDirectory(dir, childRelative, member, incoming.storePath());
      } else {
        settleCollision(into, name, childRelative, existing, incoming);
      }
    }
  }

  private void settleCollision(
      Directory into, String name, String relative, Node existing, Origin incoming) {
    Origin previous = existing instanceof Symlink symlink ? origins.get(symlink) : null;
    if (previous == null) {
      throw collision(relative, "a directory joined from several packages", incoming);
    }
    int order = Integer.compare(incoming.member().priority(), previous.member().priority());
    if (order < 0) {
      origins.remove(existing);
      into.children().put(name, link(incoming));
    } else if (order == 0 && !sameContent(previous.storePath(), incoming.storePath())) {
      throw collision(relative, "package '" + previous.member().packageName() + "'", incoming);
    }
  }

  private static FloxjException collision(String relative, String previous, Origin incoming) {
    return new FloxjException(
        "Packages collide at '/"
            + relative
            + "': "
            + previous
            + " and package '"
            + incoming.member().packageName()
            + "' both provide it with the same priority; give one of them a lower 'priority'"
            + " number in manifest.toml.");
  }

  private Symlink link(Origin origin) {
    Symlink symlink = new Symlink(origin.storePath());
    origins.put(symlink, origin);
    return symlink;
  }

  /** Same target, or same bytes: buildEnv lets identical files through. */
  private boolean sameContent(String a, String b) {
    try {
      Kind aKind = files.kind(a);
      Kind bKind = files.kind(b);
      if (aKind == Kind.SYMLINK || bKind == Kind.SYMLINK) {
        return aKind == bKind && files.readSymlink(a).equals(files.readSymlink(b));
      }
      if (aKind != Kind.REGULAR_FILE || bKind != Kind.REGULAR_FILE) {
        return false;
      }
      return files.sameBytes(a, b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Kind kind(String path) {
    try {
      return files.kind(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> list(String directory) {
    try {
      return files.list(directory).stream().sorted(PathOrder::compare).toList();
    } catch (IOException e) {
      throw new FloxjException("Cannot list " + directory + ": " + e.getMessage() + ".", e);
    }
  }
}
