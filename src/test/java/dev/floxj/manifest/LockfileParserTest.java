package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class LockfileParserTest {

  private static Lockfile parse(String json) {
    return LockfileParser.parse(json, "manifest.lock");
  }

  /** A lock with a {@code version = 1} manifest installing {@code hello} and the given entries. */
  private static String lockWithPackages(String... entries) {
    return """
    {
      "lockfile-version": 1,
      "manifest": { "version": 1, "install": { "hello": { "pkg-path": "hello" } } },
      "packages": [
    %s
      ]
    }
    """
        .formatted(String.join(",\n", entries));
  }

  @ParameterizedTest
  @FieldSource("dev.floxj.manifest.FloxData#LOCKS")
  void parse_readsEveryFixtureLock(String fixture) {
    Lockfile lockfile = LockfileParser.parse(FloxData.path(fixture));

    assertThat(lockfile.packages()).isNotEmpty();
    assertThat(lockfile.manifest().install()).isNotEmpty();
    assertThat(lockfile.composed()).isFalse();
  }

  @Test
  void parse_readsCatalogEntries() {
    Lockfile lockfile = FloxData.lockfile("hello");

    assertThat(lockfile.packages()).hasSize(4).allMatch(p -> p instanceof LockedCatalogPackage);
    LockedCatalogPackage x86 =
        (LockedCatalogPackage)
            lockfile.packages().stream()
                .filter(p -> p.system().equals("x86_64-linux"))
                .findFirst()
                .orElseThrow();
    assertThat(x86)
        .isEqualTo(
            new LockedCatalogPackage(
                "hello",
                "x86_64-linux",
                Map.of(
                    "out",
                    StorePath.of("/nix/store/nm7p8wxflggcwxfzayhysq4z6a1wg373-hello-2.12.3")),
                List.of("out"),
                "toplevel",
                5,
                "hello-2.12.3",
                "hello",
                "2.12.3"));
  }

  @Test
  void parse_dropsRepeatedOutputsToInstallKeepingFirstSeenOrder() {
    Lockfile curl = FloxData.lockfile("v1_curl_hello");
    Lockfile bash = FloxData.lockfile("bash_v1_10_0_out");

    assertThat(curl.packages())
        .filteredOn(p -> p.installId().equals("curl"))
        .allSatisfy(
            p ->
                assertThat(((LockedCatalogPackage) p).outputsToInstall())
                    .containsExactly("bin", "man"));
    assertThat(bash.packages())
        .allSatisfy(
            p ->
                assertThat(((LockedCatalogPackage) p).outputsToInstall())
                    .containsExactly("man", "out"));
  }

  @Test
  void parse_readsFlakeEntries() {
    Lockfile lockfile = FloxData.lockfile("flake_hello");

    assertThat(lockfile.packages()).hasSize(4).allMatch(p -> p instanceof LockedFlakePackage);
    LockedFlakePackage first = (LockedFlakePackage) lockfile.packages().get(0);
    assertThat(first.installId()).isEqualTo("hello");
    assertThat(first.system()).isEqualTo("aarch64-darwin");
    assertThat(first.lockedUrl())
        .startsWith("github:NixOS/nixpkgs/ea30586ee015f37f38783006a9bc9e4aa64d7d61");
    assertThat(first.outputs())
        .containsExactly(
            Map.entry(
                "out", StorePath.of("/nix/store/z9ljhwdfsydrdjri5fzg599y78nah34j-hello-2.12.2")));
    assertThat(first.outputsToInstall()).containsExactly("out");
    assertThat(first.name()).isEqualTo("hello-2.12.2");
    assertThat(first.priority()).isEqualTo(5);
  }

  @Test
  void parse_readsEmbeddedManifestIntoTheManifestModel() {
    Manifest kitchenSink = FloxData.lockfile("kitchen_sink").manifest();
    Manifest helloV1 = FloxData.lockfile("hello-v1").manifest();

    assertThat(kitchenSink.schema()).isEqualTo(new ManifestSchema("1.14.0"));
    assertThat(kitchenSink.install().get("hello").outputs()).isEqualTo(OutputSelection.ALL);
    assertThat(kitchenSink.vars()).containsEntry("VARS_SECTION_VAR", "vars_section_var");
    assertThat(kitchenSink.onActivate()).contains("running on-activate");
    assertThat(kitchenSink.profile().tcsh()).contains("profile-tcsh");
    assertThat(helloV1.schema()).isEqualTo(ManifestSchema.VERSION_1);
    assertThat(helloV1.install().get("hello"))
        .isEqualTo(
            new CatalogDescriptor("hello", null, null, null, null, OutputSelection.UNSPECIFIED));
  }

  @Test
  void parse_readsStorePathEntries() {
    Lockfile lockfile =
        parse(
            lockWithPackages(
                """
                { "install_id": "hello", "system": "x86_64-linux", "priority": 2,
                  "store_path": "%s" }
                """
                    .formatted(FloxData.storePath("hello"))));

    assertThat(lockfile.packages())
        .containsExactly(
            new LockedStorePathPackage(
                "hello", "x86_64-linux", StorePath.of(FloxData.storePath("hello")), 2));
  }

  @Test
  void parse_ignoresKeysItDoesNotKnowInEntries() {
    Lockfile lockfile =
        parse(
            lockWithPackages(
                """
                { "install_id": "hello", "system": "x86_64-linux", "attr_path": "hello",
                  "outputs": { "out": "%s" }, "future_field": { "nested": [1, 2.5, null] },
                  "license": null }
                """
                    .formatted(FloxData.storePath("hello"))));

    LockedCatalogPackage entry = (LockedCatalogPackage) lockfile.packages().get(0);
    assertThat(entry.outputsToInstall()).isNull();
    assertThat(entry.priority()).isEqualTo(5);
  }

  @Test
  void parse_marksLocksOfComposedEnvironments() {
    String json =
        lockWithPackages()
            .replace("\"packages\"", "\"compose\": { \"include\": [] },\n\"packages\"");

    assertThat(parse(json).composed()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 2})
  void parse_rejectsUnsupportedLockfileVersion(int version) {
    String json =
        lockWithPackages().replace("\"lockfile-version\": 1", "\"lockfile-version\": " + version);

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock:2:3: lockfile-version "
                + version
                + " is not supported; floxj reads lockfile-version 1, written by flox 1.x, so"
                + " re-lock the environment with a current flox.");
  }

  @Test
  void parse_rejectsLockWithoutLockfileVersion() {
    assertThatThrownBy(() -> parse("{ \"manifest\": {}, \"packages\": [] }"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("manifest.lock: 'lockfile-version' is missing;");
  }

  @Test
  void parse_reportsFileLineAndColumnForMalformedJson() {
    assertThatThrownBy(() -> parse("{\n  \"lockfile-version\": 1,\n  \"manifest\": {,\n}"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("manifest.lock:3:16: invalid JSON: Unexpected character (',' ");
  }

  @Test
  void parse_rejectsRepeatedJsonKeys() {
    assertThatThrownBy(() -> parse("{\"lockfile-version\": 1,\n\"lockfile-version\": 1}"))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock:2:1: invalid JSON: the key 'lockfile-version' appears twice in one"
                + " object.");
  }

  @Test
  void parse_reportsMissingRequiredFieldsWithTheEntryPosition() {
    String noInstallId =
        lockWithPackages("{ \"system\": \"x86_64-linux\", \"attr_path\": \"hello\" }");
    String noOutputs =
        lockWithPackages(
            "{ \"install_id\": \"hello\", \"system\": \"x86_64-linux\", \"attr_path\": \"hello\""
                + " }");

    assertThatThrownBy(() -> parse(noInstallId))
        .isInstanceOf(FloxjException.class)
        .hasMessage("manifest.lock:5:1: 'packages[0].install_id' is missing; it must be a string.");
    assertThatThrownBy(() -> parse(noOutputs))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock:5:1: 'packages[0].outputs' is missing; it must map output names to"
                + " store paths.");
  }

  @Test
  void parse_rejectsEntryOfUnknownShape() {
    String json = lockWithPackages("{ \"install_id\": \"hello\", \"system\": \"x86_64-linux\" }");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock:5:1: packages[0] (install id 'hello') is not a catalog, flake or"
                + " store-path entry: it has none of attr_path, locked-url or store_path.");
  }

  @Test
  void parse_rejectsOutputThatIsNotAStorePath() {
    String json =
        lockWithPackages(
            "{ \"install_id\": \"hello\", \"system\": \"x86_64-linux\", \"attr_path\": \"hello\",\n"
                + "  \"outputs\": { \"out\": \"/usr/local/hello\" } }");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "manifest.lock:6:16: packages[0].outputs.out: '/usr/local/hello' is not a Nix store"
                + " path: it does not start with /nix/store/.");
  }

  @Test
  void parse_appliesManifestRulesToTheEmbeddedManifest() {
    String json =
        lockWithPackages()
            .replace("\"pkg-path\": \"hello\"", "\"pkg-path\": \"hello\", \"colour\": \"red\"");

    assertThatThrownBy(() -> parse(json))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(
            "manifest.lock:3:76: unknown key 'colour' in manifest.install.hello; expected one of");
  }

  @Test
  void parse_anEntryWithEmptyOutputs_isAnError_notAPackageSilentlyLeftOut() {
    String lock =
        lockWithPackages(
            """
            { "install_id": "hello", "system": "x86_64-linux", "group": "toplevel", "priority": 5,
              "attr_path": "hello", "derivation": "/nix/store/x.drv", "version": "2.12.3",
              "locked-url": "https://github.com/flox/nixpkgs?rev=abc", "outputs": {},
              "outputs-to-install": ["out"] }
            """);

    assertThatThrownBy(() -> parse(lock))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("packages[0].outputs' is empty; it must map at least one output name");
  }

  @Test
  void parse_packagesNullOrMissing_saysSo_notThatTheLockIsForOtherSystems() {
    String lock =
        "{ \"lockfile-version\": 1, \"manifest\": { \"version\": 1, \"install\": {} }, \"packages\": null }";

    assertThatThrownBy(() -> parse(lock))
        .isInstanceOf(FloxjException.class)
        .hasMessage("manifest.lock: 'packages' is missing or null; it must list the locked packages (lock the"
            + " environment again with `floxj lock` or flox).");
  }
}
