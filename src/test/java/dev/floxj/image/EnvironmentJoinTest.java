package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Entry;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.LocalStoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentJoinTest {
  @TempDir Path temp;

  private EnvironmentJoin.Member pkg(String name, int priority, Map<String, String> files)
      throws IOException {
    String storePath = "/nix/store/" + "a".repeat(32) + "-" + name;
    Path root = temp.resolve(storePath.substring(1));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    return new EnvironmentJoin.Member(name, priority, storePath);
  }

  private Map<String, String> join(EnvironmentJoin.Member... members) {
    RootFilesystem root = new RootFilesystem();
    new EnvironmentJoin(root, new LocalStoreFiles(temp)).addAll(List.of(members));
    return root.entries().stream()
        .collect(
            Collectors.toMap(
                Entry::path,
                e -> e.node() instanceof Symlink s ? "-> " + s.target() : e.node() instanceof Directory ? "dir" : "file",
                (a, b) -> a,
                java.util.LinkedHashMap::new));
  }

  @Test
  void join_linksFilesUnderRealTopLevelDirectories() throws IOException {
    var hello = pkg("hello", 5, Map.of("bin/hello", "x", "share/man/man1/hello.1", "m"));
    assertThat(join(hello))
        .containsExactly(
            Map.entry("bin", "dir"),
            Map.entry("bin/hello", "-> " + hello.storePath() + "/bin/hello"),
            Map.entry("share", "dir"),
            Map.entry("share/man", "-> " + hello.storePath() + "/share/man"));
  }

  @Test
  void join_splitsADirectoryTwoPackagesProvide() throws IOException {
    var a = pkg("a", 5, Map.of("share/man/man1/a.1", "a"));
    var b = pkg("b", 5, Map.of("share/man/man1/b.1", "b"));
    Map<String, String> joined = join(a, b);
    assertThat(joined)
        .containsEntry("share/man", "dir")
        .containsEntry("share/man/man1", "dir")
        .containsEntry("share/man/man1/a.1", "-> " + a.storePath() + "/share/man/man1/a.1")
        .containsEntry("share/man/man1/b.1", "-> " + b.storePath() + "/share/man/man1/b.1");
  }

  @Test
  void join_lowerPriorityNumberWins_inEitherOrder() throws IOException {
    var preferred = pkg("preferred", 1, Map.of("bin/tool", "one"));
    var other = pkg("other", 5, Map.of("bin/tool", "two"));
    assertThat(join(preferred, other)).containsEntry("bin/tool", "-> " + preferred.storePath() + "/bin/tool");
    assertThat(join(other, preferred)).containsEntry("bin/tool", "-> " + preferred.storePath() + "/bin/tool");
  }

  @Test
  void join_equalPriorityWithDifferentContent_isACollisionNamingBothPackages() throws IOException {
    var first = pkg("first", 5, Map.of("bin/tool", "one"));
    var second = pkg("second", 5, Map.of("bin/tool", "two"));
    assertThatThrownBy(() -> join(first, second))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("'/bin/tool'")
        .hasMessageContaining("'first'")
        .hasMessageContaining("'second'")
        .hasMessageContaining("priority");
  }

  @Test
  void join_equalPriorityWithIdenticalContent_keepsTheFirst() throws IOException {
    var first = pkg("first", 5, Map.of("bin/tool", "same"));
    var second = pkg("second", 5, Map.of("bin/tool", "same"));
    assertThat(join(first, second)).containsEntry("bin/tool", "-> " + first.storePath() + "/bin/tool");
  }

  @Test
  void join_skipsStorePathsThatAreSingleFiles() throws IOException {
    String storePath = "/nix/store/" + "b".repeat(32) + "-single";
    Files.createDirectories(temp.resolve("nix/store"));
    Files.writeString(temp.resolve(storePath.substring(1)), "x");
    var single = new EnvironmentJoin.Member("single", 5, storePath);
    assertThat(join(single)).isEmpty();
  }

  @Test
  void systemFiles_replacePackageFilesAndHaveFloxModes() throws IOException {
    var etc = pkg("etc", 5, Map.of("etc/passwd", "evil", "etc/hosts", "h"));
    RootFilesystem root = new RootFilesystem();
    new EnvironmentJoin(root, new LocalStoreFiles(temp)).addAll(List.of(etc));
    SystemFiles.addTo(root);
    Map<String, RootFilesystem.Node> nodes =
        root.entries().stream().collect(Collectors.toMap(Entry::path, Entry::node));
    assertThat(nodes.get("etc/passwd")).isInstanceOf(RootFilesystem.File.class);
    assertThat(new String(((RootFilesystem.File) nodes.get("etc/passwd")).content())).startsWith("root:x:0:0:");
    assertThat(nodes.get("etc/hosts")).isInstanceOf(Symlink.class);
    assertThat(((Directory) nodes.get("tmp")).mode()).isEqualTo(01777);
    assertThat(((Directory) nodes.get("run")).mode()).isEqualTo(01770);
    assertThat(((Directory) nodes.get("run/flox")).mode()).isEqualTo(01770);
  }
}
