package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.store.PathOrder;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree;
import dev.floxj.store.StoreTree.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Joins package outputs into one tree of symlinks by the rules of flox's buildenv (a fork of Nix's
 * {@code buildEnv}), so that an environment's {@code $FLOX_ENV} holds what flox's would:
 *
 * <ul>
 *   <li>a directory only one package provides is one symlink to it; a directory several provide
 *       (a symlink to a directory counts as one) is a real directory whose entries are joined in
 *       turn;
 *   <li>some paths are never linked: top-level {@code nix-support} and {@code
 *       propagated-build-inputs}, any path ending in {@code info/dir}, {@code share/mime/} except
 *       {@code share/mime/packages}, and entries named {@code perllocal.pod} or {@code log};
 *   <li>for one file, the lower priority number wins; equal numbers are a collision unless both
 *       resolve to the same file (then the one that is not a symlink is kept); contents are never
 *       compared;
 *   <li>after the members, the packages they name in {@code nix-support/propagated-user-env-packages}
 *       (and, with {@link Propagation#BUILD_INPUTS}, in {@code propagated-build-inputs}, except
 *       {@code -stubs} paths) join too, transitively, at priorities 1000, 1001, … in waves sorted
 *       by package name, their own collisions ignored;
 *   <li>a store path that is a single file cannot be joined; dangling symlinks are linked with a
 *       warning.
 * </ul>
 *
 * <p>One floxj difference, for the files it adds: with {@link #realTopLevel} the top-level
 * directories ({@code bin}, {@code share}, …) are always real, as if each were a symlink for the
 * rules above.
 */
public final class EnvironmentJoin {
  /** The priority of the first propagated package, as in buildEnv. */
  public static final long FIRST_PROPAGATED_PRIORITY = 1000;

  private static final int MAX_SYMLINK_HOPS = 40;
  private static final int MAX_PROPAGATED_FILE = 1 << 20;

  /**
   * One store path to join: who it is in messages, its priority in the join (flox's {@code
   * 1000·p + k}; lower wins) and its store path.
   */
  public record Member(String packageName, long priority, String storePath) {}

  /** Which {@code nix-support} files name further packages to join. */
  public enum Propagation {
    /** {@code propagated-user-env-packages} only: flox's run mode, nixpkgs' buildEnv. */
    USER_ENV_PACKAGES,
    /** Also {@code propagated-build-inputs}, transitively: flox's dev mode. */
    BUILD_INPUTS
  }

  /** A node of the join while it is being made. */
  private sealed interface Slot permits Link, Merged {}

  /** A symlink to {@code target}, from {@code member}, with the priority it was linked at. */
  private record Link(String target, long priority, Member member, boolean ignoreCollisions)
      implements Slot {}

  /**
   * A real directory. {@code single} is set while only one package provides it (the floxj
   * top-level rule): the rules then treat it as that package's symlink.
   */
  private static final class Merged implements Slot {
    final Map<String, Slot> children = new TreeMap<>(PathOrder.COMPONENT_WISE);
    Link single;
  }

  private final StoreTree files;
  private final Propagation propagation;
  private final boolean realTopLevel;
  private final Predicate<String> inClosure;
  private final Consumer<String> warnings;
  private final Merged root = new Merged();
  private final Set<String> done = new HashSet<>();
  /** Store paths never change: each path is resolved once ("" for none). */
  private final Map<String, String> resolved = new java.util.HashMap<>();

  /**
   * @param files what is inside the store paths
   * @param propagation which propagated packages join
   * @param realTopLevel whether top-level directories are always real
   * @param inClosure whether a store path is in the image (a propagated one must be)
   * @param warnings receives one sentence per dangling symlink
   */
  public EnvironmentJoin(
      StoreTree files,
      Propagation propagation,
      boolean realTopLevel,
      Predicate<String> inClosure,
      Consumer<String> warnings) {
    this.files = files;
    this.propagation = propagation;
    this.realTopLevel = realTopLevel;
    this.inClosure = inClosure;
    this.warnings = warnings;
  }

  /** Joins the members in order, then the packages they propagate; returns the joined tree. */
  public RootFilesystem join(List<Member> members) {
    Set<String> postponed = new TreeSet<>();
    for (Member member : members) {
      addPackage(member, false, postponed);
    }
    long priority = FIRST_PROPAGATED_PRIORITY;
    while (!postponed.isEmpty()) {
      List<String> wave = postponed.stream().sorted(BY_PACKAGE_NAME).toList();
      postponed.clear();
      for (String path : wave) {
        if (!inClosure.test(path)) {
          throw new FloxjException(
              "A package of the environment propagates "
                  + path
                  + " (in nix-support), which is not among the store paths it refers to, so it"
                  + " cannot be in the image; rebuild that package so that it refers to it.");
        }
        addPackage(
            new Member(StorePath.of(path).name(), priority++, path), true, postponed);
      }
    }
    RootFilesystem tree = new RootFilesystem();
    materialize(root, tree.root());
    return tree;
  }

  private void addPackage(Member member, boolean ignoreCollisions, Set<String> postponed) {
    String path = member.storePath();
    if (!done.add(path)) {
      return;
    }
    String resolved = resolve(path);
    if (resolved != null && kind(resolved) == Kind.REGULAR_FILE) {
      throw new FloxjException(
          "The store path "
              + path
              + " of package '"
              + member.packageName()
              + "' is a single file, which cannot be joined into an environment (flox refuses it"
              + " too); install a package whose output is a directory.");
    }
    if (resolved == null || kind(resolved) != Kind.DIRECTORY) {
      throw new FloxjException(
          "The store path "
              + path
              + " of package '"
              + member.packageName()
              + "' is not a directory, so it cannot be joined into an environment; check that it"
              + " was built or fetched whole.");
    }
    joinDirectory(root, "", path, new Link(path, member.priority(), member, ignoreCollisions));
    List<String> names = new ArrayList<>(List.of("nix-support/propagated-user-env-packages"));
    if (propagation == Propagation.BUILD_INPUTS) {
      names.add("nix-support/propagated-build-inputs");
    }
    for (String name : names) {
      for (String propagated : firstLineWords(path + "/" + name)) {
        if (propagation == Propagation.BUILD_INPUTS && propagated.endsWith("-stubs")) {
          continue;
        }
        if (!done.contains(propagated)) {
          postponed.add(propagated);
        }
      }
    }
  }

  /** Joins the entries of the directory {@code target} (of {@code from}) into {@code into}. */
  private void joinDirectory(Merged into, String relative, String target, Link from) {
    for (String name : list(target)) {
      String childRelative = relative.isEmpty() ? name : relative + "/" + name;
      joinEntry(
          into,
          name,
          childRelative,
          new Link(target + "/" + name, from.priority(), from.member(), from.ignoreCollisions()));
    }
  }

  private void joinEntry(Merged parent, String name, String relative, Link incoming) {
    if (neverLinked(relative, name)) {
      return;
    }
    Slot existing = parent.children.get(name);
    if (existing == null) {
      place(parent, name, relative, incoming);
      return;
    }
    Link old = existing instanceof Link link ? link : ((Merged) existing).single;
    if (old != null && incoming.priority() < old.priority() && !isDirectory(old.target())) {
      place(parent, name, relative, incoming);
      return;
    }
    if (old != null) {
      String a = resolve(incoming.target());
      if (a != null && a.equals(resolve(old.target()))) {
        if (isSymlink(old.target()) && !isSymlink(incoming.target())) {
          place(parent, name, relative, incoming);
        }
        return;
      }
    }
    if (old != null && incoming.priority() > old.priority() && !isDirectory(old.target())) {
      return;
    }
    boolean incomingIsDirectory = isDirectory(incoming.target());
    if (old == null && !incomingIsDirectory) {
      throw new FloxjException(
          "Package '"
              + incoming.member().packageName()
              + "' provides '"
              + relative
              + "' as a file, but other packages of the environment provide it as a directory;"
              + " uninstall one of them.");
    }
    if (!incomingIsDirectory || (old != null && !isDirectory(old.target()))) {
      if (incoming.ignoreCollisions()) {
        return;
      }
      throw collision(relative, old, incoming);
    }
    Merged merged;
    if (existing instanceof Merged directory) {
      merged = directory;
      merged.single = null;
    } else {
      merged = new Merged();
      parent.children.put(name, merged);
      joinDirectory(merged, relative, old.target(), withIgnore(old, incoming.ignoreCollisions()));
    }
    joinDirectory(merged, relative, incoming.target(), incoming);
  }

  /** A new link, or at the top level (with {@link #realTopLevel}) a real directory. */
  private void place(Merged parent, String name, String relative, Link incoming) {
    if (realTopLevel && parent == root && isDirectory(incoming.target())) {
      Merged directory = new Merged();
      directory.single = incoming;
      parent.children.put(name, directory);
      joinDirectory(directory, relative, incoming.target(), incoming);
      return;
    }
    if (isSymlink(incoming.target()) && resolve(incoming.target()) == null) {
      warnings.accept(
          "Package '"
              + incoming.member().packageName()
              + "' has a dangling symlink "
              + incoming.target()
              + " -> "
              + readSymlink(parentResolved(incoming.target()))
              + "; linked as it is.");
    }
    parent.children.put(name, incoming);
  }

  private static Link withIgnore(Link link, boolean ignoreCollisions) {
    return new Link(link.target(), link.priority(), link.member(), ignoreCollisions);
  }

  private static FloxjException collision(String relative, Link old, Link incoming) {
    long priority = old.priority() / 1000;
    return new FloxjException(
        "Packages '"
            + old.member().packageName()
            + "' and '"
            + incoming.member().packageName()
            + "' both provide the file '"
            + relative
            + "' at the same priority; uninstall one of them, or set the priority of the one you"
            + " prefer to a value lower than "
            + priority
            + " in manifest.toml.");
  }

  /** buildenv's list of what is never linked, at any depth where directories are merged. */
  static boolean neverLinked(String relative, String name) {
    return relative.equals("nix-support")
        || relative.equals("propagated-build-inputs")
        || relative.endsWith("info/dir")
        || (relative.startsWith("share/mime/") && !relative.startsWith("share/mime/packages"))
        || name.equals("perllocal.pod")
        || name.equals("log");
  }

  private static void materialize(Merged from, Directory into) {
    for (Map.Entry<String, Slot> child : from.children.entrySet()) {
      if (child.getValue() instanceof Link link) {
        into.children().put(child.getKey(), new RootFilesystem.Symlink(link.target()));
      } else {
        Directory directory = new Directory(0755);
        into.children().put(child.getKey(), directory);
        materialize((Merged) child.getValue(), directory);
      }
    }
  }

  /**
   * Sorts store paths as flox's buildenv does: by package name, then version (the name split at
   * the first {@code -} before a digit), then the whole path.
   */
  static final Comparator<String> BY_PACKAGE_NAME =
      Comparator.<String, String>comparing(path -> nameAndVersion(path)[0])
          .thenComparing(path -> nameAndVersion(path)[1])
          .thenComparing(Comparator.naturalOrder());

  private static String[] nameAndVersion(String path) {
    String name = StorePath.of(path).name();
    String[] parts = name.split("-(?=\\d)", -1);
    return new String[] {parts[0], parts.length > 1 ? parts[1] : ""};
  }

  /** The first line of a propagation file, split at whitespace; nothing when there is none. */
  private List<String> firstLineWords(String path) {
    String resolved = resolve(path);
    if (resolved == null || kind(resolved) != Kind.REGULAR_FILE) {
      return List.of();
    }
    try {
      byte[] content = files.read(resolved, MAX_PROPAGATED_FILE);
      String text = new String(content, StandardCharsets.UTF_8);
      int newline = text.indexOf('\n');
      String line = newline < 0 ? text : text.substring(0, newline);
      return line.isBlank() ? List.of() : List.of(line.strip().split("\\s+"));
    } catch (IOException e) {
      throw new FloxjException("Cannot read " + path + ": " + e.getMessage() + ".", e);
    }
  }

  /** Whether {@code path} itself is a symlink (the directories above it resolved). */
  private boolean isSymlink(String path) {
    String resolved = parentResolved(path);
    return resolved != null && kind(resolved) == Kind.SYMLINK;
  }

  /** {@code path} with the directories above it resolved; null when they do not exist. */
  private String parentResolved(String path) {
    int slash = path.lastIndexOf('/');
    String parent = resolve(path.substring(0, slash));
    return parent == null ? null : parent + path.substring(slash);
  }

  /** Whether {@code path} is a directory, symlinks followed. */
  private boolean isDirectory(String path) {
    String resolved = resolve(path);
    return resolved != null && kind(resolved) == Kind.DIRECTORY;
  }

  /**
   * The path with every symlink resolved, as {@code realpath} would in the store; null when it
   * does not exist, leads outside the store or loops.
   */
  private String resolve(String path) {
    String known = resolved.get(path);
    if (known == null) {
      String result = resolveUncached(path);
      resolved.put(path, result == null ? "" : result);
      return result;
    }
    return known.isEmpty() ? null : known;
  }

  private String resolveUncached(String path) {
    Deque<String> pending = new ArrayDeque<>(List.of(path.split("/")));
    String current = "";
    int hops = 0;
    while (!pending.isEmpty()) {
      String name = pending.removeFirst();
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        int slash = current.lastIndexOf('/');
        current = slash <= 0 ? "" : current.substring(0, slash);
        continue;
      }
      String next = current + "/" + name;
      if (next.equals("/nix") || next.equals(StorePath.STORE_DIR)) {
        current = next;
        continue;
      }
      if (!next.startsWith(StorePath.STORE_DIR + "/")) {
        return null;
      }
      Kind kind = kind(next);
      switch (kind) {
        case MISSING:
          return null;
        case SYMLINK:
          if (++hops > MAX_SYMLINK_HOPS) {
            return null;
          }
          String target = readSymlink(next);
          List<String> names = List.of(target.split("/"));
          for (int i = names.size() - 1; i >= 0; i--) {
            pending.addFirst(names.get(i));
          }
          if (target.startsWith("/")) {
            current = "";
          }
          break;
        case REGULAR_FILE:
          if (!pending.isEmpty()) {
            return null;
          }
          current = next;
          break;
        default:
          current = next;
      }
    }
    return current.isEmpty() ? "/" : current;
  }

  private Kind kind(String path) {
    if (!path.startsWith(StorePath.STORE_DIR + "/")) {
      return Kind.MISSING;
    }
    try {
      return files.kind(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readSymlink(String path) {
    try {
      return files.readSymlink(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> list(String directory) {
    String resolved = resolve(directory);
    try {
      return files.list(resolved == null ? directory : resolved).stream()
          .sorted(PathOrder::compare)
          .toList();
    } catch (IOException e) {
      throw new FloxjException("Cannot list " + directory + ": " + e.getMessage() + ".", e);
    }
  }
}
