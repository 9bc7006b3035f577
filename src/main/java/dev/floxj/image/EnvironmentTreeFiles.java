package dev.floxj.image;

import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Node;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.StoreTree;
import java.io.IOException;
import java.util.List;

/**
 * The store as the image will have it: the store paths of {@code store}, plus the environment's
 * tree (built in memory, not a store path Nix made) at its own path, so that the image root can
 * be joined from the environment and the store paths of bash and coreutils by the same rules.
 */
final class EnvironmentTreeFiles implements StoreTree {
  private final StoreTree store;
  private final String environmentPath;
  private final RootFilesystem environment;

  EnvironmentTreeFiles(StoreTree store, String environmentPath, RootFilesystem environment) {
    this.store = store;
    this.environmentPath = environmentPath;
    this.environment = environment;
  }

  @Override
  public Kind kind(String path) throws IOException {
    if (!inEnvironment(path)) {
      return store.kind(path);
    }
    Node node = node(path);
    if (node == null) {
      return Kind.MISSING;
    }
    return node instanceof Directory
        ? Kind.DIRECTORY
        : node instanceof Symlink ? Kind.SYMLINK : Kind.REGULAR_FILE;
  }

  @Override
  public List<String> list(String path) throws IOException {
    if (!inEnvironment(path)) {
      return store.list(path);
    }
    if (!(node(path) instanceof Directory directory)) {
      throw new IOException(path + " is not a directory");
    }
    return List.copyOf(directory.children().keySet());
  }

  @Override
  public String readSymlink(String path) throws IOException {
    if (!inEnvironment(path)) {
      return store.readSymlink(path);
    }
    if (!(node(path) instanceof Symlink symlink)) {
      throw new IOException(path + " is not a symlink");
    }
    return symlink.target();
  }

  @Override
  public byte[] read(String path, int limit) throws IOException {
    if (!inEnvironment(path)) {
      return store.read(path, limit);
    }
    if (!(node(path) instanceof RootFilesystem.File file) || file.content().length > limit) {
      throw new IOException(path + " is not a small regular file");
    }
    return file.content().clone();
  }

  @Override
  public boolean sameBytes(String a, String b) throws IOException {
    if (inEnvironment(a) || inEnvironment(b)) {
      throw new IOException("the environment's files are not compared");
    }
    return store.sameBytes(a, b);
  }

  private boolean inEnvironment(String path) {
    return path.equals(environmentPath) || path.startsWith(environmentPath + "/");
  }

  private Node node(String path) {
    return path.equals(environmentPath)
        ? environment.root()
        : environment.node(path.substring(environmentPath.length() + 1));
  }
}
