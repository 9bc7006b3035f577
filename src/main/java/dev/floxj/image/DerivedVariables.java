package dev.floxj.image;

import dev.floxj.activation.EnvironmentContents;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Node;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.StoreTree;
import dev.floxj.store.StoreTree.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Looks into the joined environment for what decides flox's activation variables (see {@link
 * EnvironmentContents}): {@code bin/python3} and its {@code lib/pythonX.Y}, {@code bin/java},
 * {@code bin/cmake}, {@code share/jupyter}, the packages' {@code etc/profile.d/*.sh}; and into the
 * closure for a CA bundle and glibc's locales (flox issue #1130). The tree's links into the store
 * are followed, so a directory one package provides whole counts like a merged one.
 */
public final class DerivedVariables {
  /** Where nixpkgs' cacert puts its bundle, inside its store path. */
  public static final String CA_BUNDLE = "etc/ssl/certs/ca-bundle.crt";

  /** Where nixpkgs' glibcLocales puts its archive, inside its store path. */
  public static final String LOCALE_ARCHIVE = "lib/locale/locale-archive";

  private static final Pattern PYTHON_LIB = Pattern.compile("python(3\\.[0-9]+)");
  private static final int MAX_LINKS = 40;

  private final RootFilesystem environment;
  private final StoreTree files;

  private DerivedVariables(RootFilesystem environment, StoreTree files) {
    this.environment = environment;
    this.files = files;
  }

  /**
   * @param environment the environment's joined tree
   * @param files what is inside the store paths its links point to
   * @param closure the image's closure, for the CA bundle and the locales
   */
  public static EnvironmentContents of(
      RootFilesystem environment, StoreTree files, ClosureFiles closure) {
    DerivedVariables look = new DerivedVariables(environment, files);
    boolean python3 = look.exists("bin/python3");
    List<String> pythonVersions = new ArrayList<>();
    for (String name : look.list("lib")) {
      var m = PYTHON_LIB.matcher(name);
      if (m.matches()) {
        pythonVersions.add(m.group(1));
      }
    }
    List<String> profileScripts = new ArrayList<>();
    for (String name : new TreeSet<>(look.list("etc/profile.d"))) {
      if (name.endsWith(".sh") && look.exists("etc/profile.d/" + name)) {
        profileScripts.add(name);
      }
    }
    return new EnvironmentContents(
        python3,
        pythonVersions.size() == 1 ? Optional.of(pythonVersions.get(0)) : Optional.empty(),
        look.exists("bin/java"),
        look.exists("bin/cmake"),
        look.exists("share/jupyter"),
        profileScripts,
        closure.find(CA_BUNDLE),
        closure.find(LOCALE_ARCHIVE));
  }

  /** Whether something is at {@code relative} in the environment, links followed. */
  private boolean exists(String relative) {
    return kind(relative) != Kind.MISSING;
  }

  /** The names in the directory at {@code relative}, links followed; empty if none. */
  private List<String> list(String relative) {
    Node node = environment.node(relative);
    if (node instanceof Directory directory) {
      return List.copyOf(directory.children().keySet());
    }
    String target = storePathOf(relative);
    try {
      String resolved = target == null ? null : resolve(target);
      return resolved != null && files.kind(resolved) == Kind.DIRECTORY
          ? files.list(resolved)
          : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Kind kind(String relative) {
    Node node = environment.node(relative);
    if (node instanceof Directory) {
      return Kind.DIRECTORY;
    }
    if (node instanceof RootFilesystem.File) {
      return Kind.REGULAR_FILE;
    }
    String target = storePathOf(relative);
    try {
      String resolved = target == null ? null : resolve(target);
      return resolved != null ? files.kind(resolved) : Kind.MISSING;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The store path standing for {@code relative}: the target of the first link on the way,
   * with the rest of the path appended; or null when the tree has nothing there.
   */
  private String storePathOf(String relative) {
    Node current = environment.root();
    String[] names = relative.split("/");
    for (int i = 0; i < names.length; i++) {
      if (!(current instanceof Directory directory)) {
        return null;
      }
      current = directory.children().get(names[i]);
      if (current instanceof Symlink link) {
        StringBuilder path = new StringBuilder(link.target());
        for (int j = i + 1; j < names.length; j++) {
          path.append('/').append(names[j]);
        }
        return link.target().startsWith("/") ? path.toString() : null;
      }
    }
    return null;
  }

  /** {@code path} with every symlink on it resolved, or null when it leads nowhere. */
  private String resolve(String path) throws IOException {
    String current = path;
    for (int hops = 0; hops < MAX_LINKS; hops++) {
      String[] names = current.substring(1).split("/");
      StringBuilder prefix = new StringBuilder();
      String next = null;
      for (int i = 0; i < names.length; i++) {
        prefix.append('/').append(names[i]);
        if (i < 2) {
          continue; // "/nix" and "/nix/store" are not in the tree of any store path
        }
        Kind kind = files.kind(prefix.toString());
        if (kind == Kind.MISSING) {
          return null;
        }
        if (kind == Kind.SYMLINK) {
          String target = files.readSymlink(prefix.toString());
          String parent = prefix.substring(0, prefix.lastIndexOf("/"));
          StringBuilder rest = new StringBuilder(target.startsWith("/") ? target : parent + "/" + target);
          for (int j = i + 1; j < names.length; j++) {
            rest.append('/').append(names[j]);
          }
          next = normalize(rest.toString());
          break;
        }
      }
      if (next == null) {
        return current;
      }
      if (!next.startsWith("/nix/store/")) {
        return null;
      }
      current = next;
    }
    return null;
  }

  private static String normalize(String path) {
    List<String> parts = new ArrayList<>();
    for (String name : path.split("/")) {
      if (name.isEmpty() || name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        if (!parts.isEmpty()) {
          parts.remove(parts.size() - 1);
        }
      } else {
        parts.add(name);
      }
    }
    return "/" + String.join("/", parts);
  }
}
