package dev.floxj.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LocalStore against a store written by real Nix, with nix-store itself as the oracle. */
class LocalStoreIT {
  private static TestPackages packages;
  private static LocalStore store;

  @BeforeAll
  static void buildPackages() {
    packages = TestPackages.get();
    store = LocalStore.at(packages.storeRoot());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"hello", "greet", "cowsay", "edgecases", "many", "single-file", "symlink-path"})
  void closure_matchesNixStoreQueryRequisites(String attribute) {
    StorePath root = packages.path(attribute);

    ClosureGraph graph = store.closure(List.of(root));

    assertThat(graph.paths()).first().isEqualTo(root);
    assertThat(graph.paths()).containsExactlyInAnyOrderElementsOf(nixStoreQuery("-qR", root));
  }

  @ParameterizedTest
  @ValueSource(strings = {"greet", "cowsay", "edgecases", "many", "symlink-path"})
  void references_matchNixStoreQueryReferencesWithoutSelf(String attribute) {
    ClosureGraph graph = store.closure(List.of(packages.path(attribute)));

    for (StorePath path : graph.paths()) {
      Set<StorePath> expected = nixStoreQuery("--query", "--references", path);
      expected.remove(path);
      assertThat(graph.referencesOf(path)).as("references of %s", path).isEqualTo(expected);
    }
  }

  @Test
  void closure_ofSeveralRoots_isTheUnionOfTheirClosures() {
    ClosureGraph graph = store.closure(List.of(packages.greet(), packages.many()));

    Set<StorePath> expected = nixStoreQuery("-qR", packages.greet());
    expected.addAll(nixStoreQuery("-qR", packages.many()));
    assertThat(graph.paths()).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(graph.paths()).startsWith(packages.greet(), packages.many());
  }

  @Test
  void closure_hasTheExpectedShape() {
    assertThat(store.closure(List.of(packages.greet())).paths())
        .startsWith(packages.greet())
        .containsExactlyInAnyOrder(
            packages.greet(),
            packages.bootstrap(),
            packages.path("libgreet"),
            packages.path("greet-data"));
    assertThat(store.closure(List.of(packages.many())).size()).isEqualTo(22);
  }

  @Test
  void fileOf_pointsAtTheBuiltFiles() throws Exception {
    assertThat(Files.readString(store.fileOf(packages.hello()).resolve("bin/hello")))
        .contains("Hello, world!");
    assertThat(Files.isSymbolicLink(store.fileOf(packages.symlinkPath()))).isTrue();
    assertThat(Files.isRegularFile(store.fileOf(packages.singleFile()))).isTrue();
  }

  @Test
  void closure_ofPathNotInStore_namesThePathAndHowToBuildIt() {
    StorePath missing = StorePath.of("00000000000000000000000000000000-never-built-1.0");

    assertThatThrownBy(() -> store.closure(List.of(packages.hello(), missing)))
        .isInstanceOfSatisfying(
            StorePathNotValidException.class, e -> assertThat(e.storePath()).isEqualTo(missing))
        .hasMessage(
            missing
                + " is not in the Nix store at "
                + packages.storeRoot()
                + "; build or substitute it first (e.g. `nix-store --store "
                + packages.storeRoot()
                + " -r "
                + missing
                + "`).");
    assertThat(store.isValid(missing)).isFalse();
    assertThat(store.isValid(packages.hello())).isTrue();
  }

  @Test
  void at_emptyDirectory_saysThereIsNoStore(@TempDir Path empty) {
    assertThatThrownBy(() -> LocalStore.at(empty))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("There is no Nix store at " + empty)
        .hasMessageContaining(empty.resolve("nix/var/nix/db/db.sqlite").toString())
        .hasMessageContaining("--store ROOT");
  }

  private static Set<StorePath> nixStoreQuery(String option, String option2, StorePath path) {
    return parse(packages.nixStore(option, option2, path.path()).assertSuccess().stdout());
  }

  private static Set<StorePath> nixStoreQuery(String option, StorePath path) {
    return parse(packages.nixStore(option, path.path()).assertSuccess().stdout());
  }

  private static Set<StorePath> parse(String lines) {
    return lines
        .lines()
        .filter(line -> !line.isBlank())
        .map(StorePath::new)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
