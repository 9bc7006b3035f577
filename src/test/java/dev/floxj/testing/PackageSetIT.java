package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.floxj.store.StorePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test package set is what other tests assume it is. */
class PackageSetIT {
  private static TestPackages packages;

  @BeforeAll
  static void build() {
    packages = TestPackages.get();
  }

  @Test
  void closures_haveTheDocumentedSizes() {
    Map<String, Integer> sizes =
        Map.of(
            "hello", 2,
            "greet", 4,
            "cowsay", 3,
            "single-file", 1,
            "symlink-path", 3,
            "many", 22,
            "edgecases", 2,
            "dep-20", 2,
            "bash", 1,
            "netclient", 4);
    sizes.forEach(
        (attribute, size) ->
            assertThat(closureOf(packages.path(attribute)))
                .as("closure of %s", attribute)
                .hasSize(size));
  }

  @Test
  void hello_isABusyboxScriptThatGreetsTheWorld() throws Exception {
    String script = Files.readString(packages.fileOf(packages.hello()).resolve("bin/hello"));

    assertThat(script).startsWith("#!" + packages.bootstrap() + "/busybox sh\n");
    assertThat(runInStore(packages.hello() + "/bin/hello").stdout()).isEqualTo("Hello, world!\n");
  }

  @Test
  void bash_isARealGnuBash_thatNeedsNoOtherStorePath() {
    Subprocess.Result version = runInStore(packages.bash() + "/bin/bash", "--version");

    assertThat(version.stdout()).startsWith("GNU bash, version ");
    String sh = packages.path("image-bash") + "/bin/sh";
    assertThat(runInStore(sh, "-c", "echo $BASH_VERSION").stdout()).isNotBlank();
  }

  @Test
  void locales_isARealLocaleArchive_withEnUsAndCUtf8() {
    Path archive = packages.fileOf(packages.locales()).resolve("lib/locale/locale-archive");

    Subprocess.Result listed =
        Subprocess.of("localedef", "--list-archive", archive.toString()).run().assertSuccess();
    assertThat(listed.stdout().lines()).contains("C.utf8", "en_US.utf8");
  }

  @Test
  void greet_readsItsGreetingThroughItsLibrary() {
    assertThat(runInStore(packages.greet() + "/bin/greet", "Nix").stdout())
        .isEqualTo("Hello, Nix!\n");
  }

  @Test
  void edgecases_keepsHardLinksInTheStore() throws Exception {
    Path tree = packages.fileOf(packages.edgecases());
    Object inode = Files.getAttribute(tree.resolve("hardlinks/original.txt"), "unix:ino");

    assertThat(Files.getAttribute(tree.resolve("hardlinks/second-name.txt"), "unix:ino"))
        .isEqualTo(inode);
    assertThat(Files.getAttribute(tree.resolve("nested/hardlink-in-another-dir.txt"), "unix:ino"))
        .isEqualTo(inode);
    assertThat(Files.getAttribute(tree.resolve("hardlinks/original.txt"), "unix:nlink"))
        .isEqualTo(3);
  }

  @Test
  void edgecases_passesItsOwnCheckInTheStore() {
    Subprocess.Result check = runInStore(packages.edgecases() + "/bin/edgecases-check");

    assertThat(check.stdout()).as(check.describe()).isEqualTo("edgecases-check: OK\n");
  }

  @Test
  void singleFileAndSymlinkPath_areNotDirectories() {
    assertThat(packages.fileOf(packages.singleFile())).isRegularFile();
    assertThat(Files.isSymbolicLink(packages.fileOf(packages.symlinkPath()))).isTrue();
  }

  private static List<String> closureOf(StorePath path) {
    return packages.nixStore("-qR", path.path()).assertSuccess().stdout().lines().toList();
  }

  /** Runs a store program chrooted into the test store, where its /nix/store paths resolve. */
  private static Subprocess.Result runInStore(String program, String... arguments) {
    assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
    List<String> command = new ArrayList<>(List.of("chroot", packages.storeRoot().toString()));
    command.add(program);
    command.addAll(List.of(arguments));
    return Subprocess.of(command).run().assertSuccess();
  }
}
