package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.EnvironmentJoin.Propagation;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.Entry;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.LocalStoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of flox's buildenv, on store paths written to a temporary store. */
class EnvironmentJoinTest {
  @TempDir Path temp;

  private final List<String> warnings = new ArrayList<>();

  /** A store path {@code name} holding {@code files}; a value "-> T" makes a symlink to T. */
  private String storePath(String name, Map<String, String> files) throws IOException {
    String storePath = TestStore.storePath(name).path();
    Path root = temp.resolve(storePath.substring(1));
    Files.createDirectories(root);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      if (file.getValue().startsWith("-> ")) {
        Files.createSymbolicLink(path, Path.of(file.getValue().substring(3)));
      } else {
        Files.writeString(path, file.getValue());
      }
    }
    return storePath;
  }

  private EnvironmentJoin.Member pkg(String name, long priority, Map<String, String> files)
      throws IOException {
    return new EnvironmentJoin.Member(name, priority, storePath(name, files));
  }

  private Map<String, String> join(Propagation propagation, EnvironmentJoin.Member... members) {
    RootFilesystem root =
        new EnvironmentJoin(new LocalStoreFiles(temp), propagation, true, path -> true, warnings::add)
            .join(List.of(members));
    return root.entries().stream()
        .collect(
            Collectors.toMap(
                Entry::path,
                e ->
                    e.node() instanceof Symlink s
                        ? "-> " + s.target()
                        : e.node() instanceof Directory ? "dir" : "file",
                (a, b) -> a,
                LinkedHashMap::new));
  }

  private Map<String, String> join(EnvironmentJoin.Member... members) {
    return join(Propagation.BUILD_INPUTS, members);
  }

  @Test
  void join_linksFilesUnderRealTopLevelDirectories() throws IOException {
    var hello = pkg("hello", 5000, Map.of("bin/hello", "x", "share/man/man1/hello.1", "m"));
    assertThat(join(hello))
        .containsExactly(
            Map.entry("bin", "dir"),
            Map.entry("bin/hello", "-> " + hello.storePath() + "/bin/hello"),
            Map.entry("share", "dir"),
            Map.entry("share/man", "-> " + hello.storePath() + "/share/man"));
  }

  @Test
  void join_splitsADirectoryTwoPackagesProvide() throws IOException {
    var a = pkg("a", 5000, Map.of("share/man/man1/a.1", "a"));
    var b = pkg("b", 5000, Map.of("share/man/man1/b.1", "b"));
    assertThat(join(a, b))
        .containsEntry("share/man", "dir")
        .containsEntry("share/man/man1", "dir")
        .containsEntry("share/man/man1/a.1", "-> " + a.storePath() + "/share/man/man1/a.1")
        .containsEntry("share/man/man1/b.1", "-> " + b.storePath() + "/share/man/man1/b.1");
  }

  @Test
  void join_lowerPriorityNumberWins_inEitherOrder() throws IOException {
    var preferred = pkg("preferred", 1000, Map.of("bin/tool", "one"));
    var other = pkg("other", 5000, Map.of("bin/tool", "two"));
    assertThat(join(preferred, other))
        .containsEntry("bin/tool", "-> " + preferred.storePath() + "/bin/tool");
    assertThat(join(other, preferred))
        .containsEntry("bin/tool", "-> " + preferred.storePath() + "/bin/tool");
  }

  @Test
  void join_equalPriority_isACollisionNamingBothPackagesTheFileAndThePriorityToSet()
      throws IOException {
    var first = pkg("first", 5000, Map.of("bin/tool", "one"));
    var second = pkg("second", 5000, Map.of("bin/tool", "two"));
    assertThatThrownBy(() -> join(first, second))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "Packages 'first' and 'second' both provide the file 'bin/tool' at the same priority;"
                + " uninstall one of them, or set the priority of the one you prefer to a value"
                + " lower than 5 in manifest.toml.");
  }

  @Test
  void join_identicalContentAtDifferentPaths_isStillACollision_asInFlox() throws IOException {
    var first = pkg("first", 5000, Map.of("bin/tool", "same"));
    var second = pkg("second", 5000, Map.of("bin/tool", "same"));
    assertThatThrownBy(() -> join(first, second)).hasMessageContaining("'bin/tool'");
  }

  @Test
  void join_twoRoutesToTheSameFile_areNoCollision_andKeepTheOneThatIsNotASymlink()
      throws IOException {
    String real = storePath("python3-3.12", Map.of("bin/python3", "#!python"));
    var wrapper = pkg("wrapper", 5000, Map.of("bin/python3", "-> " + real + "/bin/python3"));
    var python = new EnvironmentJoin.Member("python3", 5000, real);
    assertThat(join(wrapper, python)).containsEntry("bin/python3", "-> " + real + "/bin/python3");
    assertThat(join(python, wrapper)).containsEntry("bin/python3", "-> " + real + "/bin/python3");
  }

  @Test
  void join_mergesASymlinkToADirectoryWithARealDirectory() throws IOException {
    var a = pkg("a", 5000, Map.of("lib/liba.so", "a", "lib64", "-> lib"));
    var b = pkg("b", 5000, Map.of("lib64/libb.so", "b"));
    assertThat(join(a, b))
        .containsEntry("lib64", "dir")
        .containsEntry("lib64/liba.so", "-> " + a.storePath() + "/lib64/liba.so")
        .containsEntry("lib64/libb.so", "-> " + b.storePath() + "/lib64/libb.so");
  }

  @Test
  void join_neverLinksNixSupportInfoDirMimeCachesPerllocalAndLog() throws IOException {
    Map<String, String> files =
        Map.of(
            "nix-support/setup-hook", "hook",
            "propagated-build-inputs", "",
            "share/info/dir", "index",
            "share/mime/mime.cache", "cache",
            "lib/perl5/perllocal.pod", "pod",
            "lib/log", "log");
    var a = pkg("a", 5000, withName(files, "a"));
    var b = pkg("b", 5000, withName(files, "b"));
    Map<String, String> joined = join(a, b);
    assertThat(joined.keySet())
        .doesNotContain(
            "nix-support",
            "propagated-build-inputs",
            "share/info/dir",
            "share/mime/mime.cache",
            "lib/perl5/perllocal.pod",
            "lib/log")
        .contains(
            "share/info/a.info",
            "share/info/b.info",
            "share/mime/packages/a.xml",
            "share/mime/packages/b.xml");
  }

  private static Map<String, String> withName(Map<String, String> files, String name) {
    Map<String, String> all = new LinkedHashMap<>(files);
    all.put("share/info/" + name + ".info", name);
    all.put("share/mime/packages/" + name + ".xml", name);
    all.put("lib/perl5/" + name + ".pm", name);
    return all;
  }

  @Test
  void join_addsPropagatedUserEnvPackagesInBothModes() throws IOException {
    String dep = storePath("dep-1.0", Map.of("bin/dep", "dep"));
    var app =
        pkg("app", 5000, Map.of("bin/app", "app", "nix-support/propagated-user-env-packages", dep + "\n"));
    for (Propagation mode : Propagation.values()) {
      assertThat(join(mode, app)).containsEntry("bin/dep", "-> " + dep + "/bin/dep");
    }
  }

  @Test
  void join_followsPropagatedBuildInputsTransitivelyInDevModeOnly_skippingStubs()
      throws IOException {
    String python = storePath("python3-3.12.8", Map.of("bin/python3", "py"));
    String stubs = storePath("cuda-1.0-stubs", Map.of("lib/libcuda.so", "stub"));
    String urllib3 =
        storePath(
            "python3.12-urllib3-2.2.3",
            Map.of(
                "lib/python3.12/site-packages/urllib3/__init__.py", "u",
                "nix-support/propagated-build-inputs", python + " " + stubs));
    var requests =
        pkg(
            "requests",
            5000,
            Map.of(
                "lib/python3.12/site-packages/requests/__init__.py", "r",
                "nix-support/propagated-build-inputs", urllib3));

    Map<String, String> dev = join(Propagation.BUILD_INPUTS, requests);
    assertThat(dev)
        .containsEntry("bin/python3", "-> " + python + "/bin/python3")
        .containsEntry(
            "lib/python3.12/site-packages/urllib3",
            "-> " + urllib3 + "/lib/python3.12/site-packages/urllib3")
        .doesNotContainKey("lib/libcuda.so");
    Map<String, String> run = join(Propagation.USER_ENV_PACKAGES, requests);
    assertThat(run).doesNotContainKeys("bin", "lib/python3.12/site-packages/urllib3");
  }

  @Test
  void join_propagatedPackagesJoinAtPriority1000Upwards_whichBeatsAnExplicitPriority5_asInFlox()
      throws IOException {
    String wrapped = storePath("bintools-2.44", Map.of("bin/ld", "real ld", "bin/as", "as"));
    var compiler =
        pkg(
            "gcc",
            5000,
            Map.of("bin/gcc", "gcc", "nix-support/propagated-build-inputs", wrapped));
    var other = pkg("other-ld", 5000, Map.of("bin/ld", "other ld"));
    var preferred = pkg("preferred-ld", 1000 - 1, Map.of("bin/ld", "preferred ld"));

    assertThat(join(compiler, other)).containsEntry("bin/ld", "-> " + wrapped + "/bin/ld");
    assertThat(join(compiler, preferred))
        .containsEntry("bin/ld", "-> " + preferred.storePath() + "/bin/ld");
  }

  @Test
  void join_ignoresCollisionsAmongPropagatedPackages() throws IOException {
    String one = storePath("one-1.0", Map.of("bin/same", "1"));
    String two = storePath("two-1.0", Map.of("bin/same", "2"));
    var app =
        pkg("app", 5000, Map.of("nix-support/propagated-user-env-packages", two + " " + one));
    // Waves are sorted by package name: "one" joins first, at 1000, and keeps the file.
    assertThat(join(app)).containsEntry("bin/same", "-> " + one + "/bin/same");
  }

  @Test
  void join_refusesAPropagatedPathOutsideTheImage() throws IOException {
    String missing = "/nix/store/" + "z".repeat(32) + "-gone-1.0";
    var app = pkg("app", 5000, Map.of("nix-support/propagated-user-env-packages", missing));
    assertThatThrownBy(
            () ->
                new EnvironmentJoin(
                        new LocalStoreFiles(temp),
                        Propagation.USER_ENV_PACKAGES,
                        true,
                        path -> !path.equals(missing),
                        warnings::add)
                    .join(List.of(app)))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining(missing)
        .hasMessageContaining("not among the store paths it refers to");
  }

  @Test
  void join_refusesAStorePathThatIsASingleFile() throws IOException {
    String storePath = TestStore.storePath("single").path();
    Files.createDirectories(temp.resolve("nix/store"));
    Files.writeString(temp.resolve(storePath.substring(1)), "x");
    var single = new EnvironmentJoin.Member("single", 5000, storePath);
    assertThatThrownBy(() -> join(single))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "The store path "
                + storePath
                + " of package 'single' is a single file, which cannot be joined into an"
                + " environment (flox refuses it too); install a package whose output is a"
                + " directory.");
  }

  @Test
  void join_linksADanglingSymlinkWithAWarning() throws IOException {
    var broken = pkg("broken", 5000, Map.of("bin/gone", "-> ../missing"));
    assertThat(join(broken)).containsEntry("bin/gone", "-> " + broken.storePath() + "/bin/gone");
    assertThat(warnings)
        .containsExactly(
            "Package 'broken' has a dangling symlink "
                + broken.storePath()
                + "/bin/gone -> ../missing; linked as it is.");
  }

  @Test
  void join_refusesAFileWhereOtherPackagesMergedADirectory() throws IOException {
    var a = pkg("a", 5000, Map.of("share/doc/a", "a"));
    var b = pkg("b", 5000, Map.of("share/doc/b", "b"));
    var c = pkg("c", 1000, Map.of("share/doc", "a file"));
    assertThatThrownBy(() -> join(a, b, c))
        .hasMessageContaining("Package 'c' provides 'share/doc' as a file");
  }

  @Test
  void byPackageName_sortsByNameThenVersionThenPath() {
    List<String> paths =
        new ArrayList<>(
            List.of(
                "/nix/store/" + "a".repeat(32) + "-zlib-1.3",
                "/nix/store/" + "b".repeat(32) + "-python3-3.12.8",
                "/nix/store/" + "c".repeat(32) + "-python3-3.11.9"));
    paths.sort(EnvironmentJoin.BY_PACKAGE_NAME);
    assertThat(paths)
        .extracting(p -> p.substring(44))
        .containsExactly("python3-3.11.9", "python3-3.12.8", "zlib-1.3");
  }

  @Test
  void systemFiles_replacePackageFilesAndHaveFloxModes() throws IOException {
    var etc = pkg("etc", 5000, Map.of("etc/passwd", "evil", "etc/hosts", "h"));
    RootFilesystem root =
        new EnvironmentJoin(
                new LocalStoreFiles(temp), Propagation.BUILD_INPUTS, true, p -> true, w -> {})
            .join(List.of(etc));
    SystemFiles.addTo(root);
    Map<String, RootFilesystem.Node> nodes =
        root.entries().stream().collect(Collectors.toMap(Entry::path, Entry::node));
    assertThat(nodes.get("etc/passwd")).isInstanceOf(RootFilesystem.File.class);
    assertThat(new String(((RootFilesystem.File) nodes.get("etc/passwd")).content()))
        .startsWith("root:x:0:0:");
    assertThat(nodes.get("etc/hosts")).isInstanceOf(Symlink.class);
    assertThat(((Directory) nodes.get("tmp")).mode()).isEqualTo(01777);
    assertThat(((Directory) nodes.get("run")).mode()).isEqualTo(01770);
    assertThat(((Directory) nodes.get("run/flox")).mode()).isEqualTo(01770);
  }
}
