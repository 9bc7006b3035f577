package dev.floxj.image;

import dev.floxj.FloxjException;
import dev.floxj.activation.ActivationScripts;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Node;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Lays out the root filesystem of the customisation layer: the environment's tree at its own
 * store-like path; the root's top-level entries joined, as flox's image joins them with nixpkgs'
 * {@code buildEnv}, from the environment (priority 5) and the image's bash and coreutils (nixpkgs'
 * {@code lowPrio}, 10), so that {@code /bin} → {@code <env>/bin} when only the environment has a
 * {@code bin}, and otherwise a real {@code /bin} whose entries link to the environment's or, where
 * it has none, to bash's and coreutils'; the environment's {@code etc} entries linked from a real
 * {@code /etc} that also holds the user database; the scratch directories; the working directory.
 */
public final class ImageRoot {
  /**
   * The store paths joined into the root below the environment (bash and coreutils), with what
   * the join needs to look into them.
   *
   * @param storePaths in order, each at {@link #TOOL_PRIORITY}
   * @param inClosure whether a store path is in the image (what they propagate must be)
   * @param warnings receives a sentence per dangling symlink
   */
  public record RootPackages(
      List<String> storePaths,
      StoreTree files,
      Predicate<String> inClosure,
      Consumer<String> warnings) {
    public RootPackages {
      storePaths = List.copyOf(storePaths);
    }

    /** None: the root links the environment's entries only. */
    public static RootPackages none() {
      return new RootPackages(List.of(), NO_STORE, path -> false, warning -> {});
    }
  }

  /** How the root's join names the environment. */
  private static final String ENVIRONMENT_MEMBER = "the environment";

  /** The environment's priority in the root's join: nixpkgs' default. */
  public static final int ENVIRONMENT_PRIORITY = 5;

  /** bash's and coreutils' priority in the root's join: nixpkgs' {@code lowPrio}. */
  public static final int TOOL_PRIORITY = 10;

  private static final StoreTree NO_STORE =
      new StoreTree() {
        @Override
        public Kind kind(String path) {
          return Kind.MISSING;
        }

        @Override
        public List<String> list(String path) throws IOException {
          throw new IOException(path + " is not in the image");
        }

        @Override
        public String readSymlink(String path) throws IOException {
          throw new IOException(path + " is not in the image");
        }

        @Override
        public byte[] read(String path, int limit) throws IOException {
          throw new IOException(path + " is not in the image");
        }

        @Override
        public boolean sameBytes(String a, String b) throws IOException {
          throw new IOException(a + " is not in the image");
        }
      };

  /**
   * Root entries that belong to the system, never linked to the environment: the store, the
   * files floxj writes, the scratch directories, and what the container runtime mounts.
   */
  public static final List<String> SYSTEM_NAMES =
      List.of("nix", "etc", "tmp", "run", "proc", "sys", "dev");

  private static final int DIRECTORY_MODE = 0755;

  private ImageRoot() {}

  /**
   * @param environment the environment's tree (joined packages and activation files)
   * @param environmentPath where it goes, e.g. {@code /nix/store/<hash>-demo-floxj-env}
   * @param workingDirectory {@code [containerize.config] working-dir}, or null
   */
  public static RootFilesystem build(
      RootFilesystem environment, String environmentPath, ImageUser user, String workingDirectory) {
    return build(environment, environmentPath, user, workingDirectory, RootPackages.none());
  }

  /**
   * @param environment the environment's tree (joined packages and activation files)
   * @param environmentPath where it goes, e.g. {@code /nix/store/<hash>-demo-floxj-env}
   * @param workingDirectory {@code [containerize.config] working-dir}, or null
   * @param packages what the root joins below the environment
   */
  public static RootFilesystem build(
      RootFilesystem environment,
      String environmentPath,
      ImageUser user,
      String workingDirectory,
      RootPackages packages) {
    RootFilesystem root = new RootFilesystem();
    TarOwner storeOwner = user.owner();
    // The same modes and owner as the store layers give /nix/ and /nix/store/, so that the
    // layers agree on them.
    root.put("nix", new Directory(DIRECTORY_MODE, storeOwner));
    root.put("nix/store", new Directory(DIRECTORY_MODE, storeOwner));
    root.put(environmentPath.substring(1), environment.root().withOwner(storeOwner));

    List<EnvironmentJoin.Member> members = new ArrayList<>();
    members.add(new EnvironmentJoin.Member(ENVIRONMENT_MEMBER, ENVIRONMENT_PRIORITY, environmentPath));
    for (String path : packages.storePaths()) {
      members.add(
          new EnvironmentJoin.Member(StorePath.of(path).name(), TOOL_PRIORITY, path));
    }
    RootFilesystem joined =
        new EnvironmentJoin(
                new EnvironmentTreeFiles(packages.files(), environmentPath, environment),
                EnvironmentJoin.Propagation.USER_ENV_PACKAGES,
                false,
                packages.inClosure(),
                // The environment's own dangling symlinks were reported when it was joined.
                warning -> {
                  if (!warning.startsWith("Package '" + ENVIRONMENT_MEMBER + "'")) {
                    packages.warnings().accept(warning);
                  }
                })
            .join(members);
    for (Map.Entry<String, Node> entry : joined.root().children().entrySet()) {
      String name = entry.getKey();
      if (!SYSTEM_NAMES.contains(name) && !ActivationScripts.RESERVED_NAMES.contains(name)) {
        root.put(name, entry.getValue());
      }
    }
    if (environment.root().children().get("etc") instanceof Directory etc) {
      for (String name : etc.children().keySet()) {
        root.put("etc/" + name, new Symlink(environmentPath + "/etc/" + name));
      }
    }
    SystemFiles.addTo(root, user);
    if (workingDirectory != null) {
      createWorkingDirectory(root, workingDirectory, user.owner());
    }
    return root;
  }

  /**
   * Creates the working directory owned by the user (flox issue #3915), its missing parents owned
   * by root; a directory the image already has is left as it is.
   */
  private static void createWorkingDirectory(
      RootFilesystem root, String workingDirectory, TarOwner owner) {
    List<String> names = components(workingDirectory);
    Directory current = root.root();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      Node child = current.children().get(name);
      if (child == null) {
        boolean last = i == names.size() - 1;
        child = new Directory(DIRECTORY_MODE, last ? owner : TarOwner.ROOT);
        current.children().put(name, child);
      } else if (!(child instanceof Directory)) {
        throw new FloxjException(
            "[containerize.config] working-dir = \""
                + workingDirectory
                + "\" in manifest.toml lies inside /"
                + String.join("/", names.subList(0, i + 1))
                + ", which links into the environment; choose a directory outside it (e.g."
                + " /app).");
      }
      current = (Directory) child;
    }
  }

  /** The path's names, checked to be absolute and free of {@code ..}; {@code .} dropped. */
  private static List<String> components(String workingDirectory) {
    List<String> names = new ArrayList<>();
    for (String name : workingDirectory.split("/")) {
      if (name.equals("..")) {
        throw badWorkingDirectory(workingDirectory);
      }
      if (!name.isEmpty() && !name.equals(".")) {
        names.add(name);
      }
    }
    if (!workingDirectory.startsWith("/")) {
      throw badWorkingDirectory(workingDirectory);
    }
    return names;
  }

  private static FloxjException badWorkingDirectory(String workingDirectory) {
    return new FloxjException(
        "[containerize.config] working-dir = \""
            + workingDirectory
            + "\" in manifest.toml must be an absolute path without '..', such as /app.");
  }
}
