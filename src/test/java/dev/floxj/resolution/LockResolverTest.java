package dev.floxj.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.manifest.FloxData;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.manifest.Manifest;
import dev.floxj.manifest.ManifestParser;
import dev.floxj.store.StorePath;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LockResolverTest {
  private static final String STORE = "/nix/store/";
  private final LockResolver resolver = new LockResolver();

  private static Manifest toml(String text) {
    return ManifestParser.parse(text, "manifest.toml");
  }

  /** A lock whose embedded manifest is {@code manifestJson}, with the given package entries. */
  private static Lockfile lock(String manifestJson, String... entries) {
    return LockfileParser.parse(
        "{ \"lockfile-version\": 1, \"manifest\": "
            + manifestJson
            + ", \"packages\": ["
            + String.join(",", entries)
            + "] }",
        "manifest.lock");
  }

  /** A catalog entry on {@code system} whose outputs are named {@code outputs}, paths made up. */
  private static String catalogEntry(
      String installId, String system, String outputsToInstall, String... outputs) {
    String paths =
        java.util.Arrays.stream(outputs)
            .map(o -> "\"" + o + "\": \"" + FloxData.storePath(installId + "-" + o) + "\"")
            .collect(Collectors.joining(", "));
    return "{ \"install_id\": \""
        + installId
        + "\", \"system\": \""
        + system
        + "\", \"attr_path\": \""
        + installId
        + "\", \"outputs\": { "
        + paths
        + " }"
        + (outputsToInstall == null ? "" : ", \"outputs_to_install\": " + outputsToInstall)
        + " }";
  }

  /** Packages as {@code id@priority:output=path,...;...}, the store prefix dropped for brevity. */
  private static String describe(List<ResolvedPackage> packages) {
    return packages.stream()
        .map(
            p ->
                p.installId()
                    + "@"
                    + p.priority()
                    + ":"
                    + p.outputs().stream()
                        .map(o -> o.name() + "=" + o.path().path().substring(STORE.length()))
                        .collect(Collectors.joining(",")))
        .collect(Collectors.joining(";"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "hello|x86_64-linux|hello@5:out=nm7p8wxflggcwxfzayhysq4z6a1wg373-hello-2.12.3",
        "hello|aarch64-linux|hello@5:out=qpp9968dpkv1c755nk13mrkrzpsvah18-hello-2.12.3",
        "v1_curl_hello|x86_64-linux|curl@5:bin=6j3b51rypymg5inhr27rcc7in5cxbvjz-curl-8.18.0-bin,debug=9gvh3ymdh38n7lkbjd61cwx6ff510wpb-curl-8.18.0-debug,dev=m2b7j4s1jlhlnpxhpf2sjwvd2nn0x8hx-curl-8.18.0-dev,devdoc=r2xswgdxf2z7h9vnirhzkzj4k721nbhh-curl-8.18.0-devdoc,man=gxspg74jdwaxdb80giixl4517nw6q139-curl-8.18.0-man,out=dhdysbgmgqp936mvkf5f9s8fh2mk68k5-curl-8.18.0;hello@5:out=10s5j3mfdg22k1597x580qrhprnzcjwb-hello-2.12.2",
        "v1_curl_hello|aarch64-linux|curl@5:bin=asrq77x05br50nmmv7akp0ry2n1xxrb4-curl-8.18.0-bin,debug=b4mmgwziiqa4jirsrw162r794zi48fz6-curl-8.18.0-debug,dev=nxarksm7m9ll9p3r87issf0389hwdz3l-curl-8.18.0-dev,devdoc=canqrd4xwygamx7qw3j7dd923l7bmg9n-curl-8.18.0-devdoc,man=8z4wa6lizr4gzfpmj3928c2wjk1ldslf-curl-8.18.0-man,out=qxkiwf9mg5x9jijpmk0hmz9nkd4xlzph-curl-8.18.0;hello@5:out=g383j16f2lxz4zzs967i9hjgvivy6q7h-hello-2.12.2",
        "flake_hello|x86_64-linux|hello@5:out=i3zw7h6pg3n9r5i63iyqxrapa70i4v5w-hello-2.12.2",
        "flake_hello|aarch64-linux|hello@5:out=rdi64cigphnc1f28lxlxay51cxnfa3vs-hello-2.12.2",
        "bash_v1_10_0_out|x86_64-linux|bash@5:out=7ik8057hajl6vq9j40h3jracxjn0bb5x-bash-5.3p15",
        "bash_v1_10_0_out|aarch64-linux|bash@5:out=rzpv2vlq1zmhjqjinjgff1v83nw0b3hz-bash-5.3p15",
        "kitchen_sink|x86_64-linux|hello@5:out=lxra5fkapsdbdjqi6wa205s7vmqh1vxb-hello-2.12.3",
        "kitchen_sink|aarch64-linux|hello@5:out=4z8ys247h2242760a0pw6y9akab2n09l-hello-2.12.3",
      })
  void resolve_selectsWhatEachFixtureLockSays(String environment, String system, String expected) {
    List<ResolvedPackage> packages =
        resolver.resolve(
            FloxData.manifest(environment),
            FloxData.lockfile(environment),
            TargetSystem.parse(system));

    assertThat(describe(packages)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "x86_64-linux, 8qi947kixhz1nw83dkwxm6d0wndprqkj-hello-2.12.2",
    "aarch64-linux, lm0p74rwcx1pq6i22wdr4g58xh5rlgb4-hello-2.12.2"
  })
  void resolve_readsALockAgainstItsOwnManifest(String system, String expected) {
    Lockfile lockfile = FloxData.lockfile("hello-v1");

    List<ResolvedPackage> packages =
        resolver.resolve(lockfile.manifest(), lockfile, TargetSystem.parse(system));

    assertThat(packages)
        .containsExactly(
            new ResolvedPackage(
                "hello", 5, List.of(new ResolvedOutput("out", StorePath.of(STORE + expected), 5000))));
  }

  @Test
  void resolve_installsEveryOutputExceptStubsInVersion1() {
    Manifest manifest = toml("version = 1\n[install]\npy.pkg-path = 'py'\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"py\": { \"pkg-path\": \"py\" } } }",
            catalogEntry("py", "x86_64-linux", "[\"out\"]", "out", "stubs", "dev"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages.get(0).outputs())
        .extracting(ResolvedOutput::name)
        .containsExactly("dev", "out");
  }

  @Test
  void resolve_installsEveryOutputIncludingStubsForOutputsAll() {
    Manifest manifest =
        toml("schema-version = '1.10.0'\n[install]\npy.pkg-path = 'py'\npy.outputs = 'all'\n");
    Lockfile lockfile =
        lock(
            "{ \"schema-version\": \"1.10.0\", \"install\": { \"py\": { \"pkg-path\": \"py\","
                + " \"outputs\": \"all\" } } }",
            catalogEntry("py", "x86_64-linux", "[\"out\"]", "out", "stubs"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages.get(0).outputs())
        .extracting(ResolvedOutput::name)
        .containsExactly("out", "stubs");
  }

  @Test
  void resolve_installsTheDefaultOutputsWhenSchemaVersionGivesNoOutputs() {
    Manifest manifest = toml("schema-version = '1.10.0'\n[install]\ncurl.pkg-path = 'curl'\n");
    Lockfile lockfile =
        lock(
            "{ \"schema-version\": \"1.10.0\", \"install\": { \"curl\": { \"pkg-path\": \"curl\" }"
                + " } }",
            catalogEntry(
                "curl",
                "x86_64-linux",
                "[\"man\", \"bin\", \"bin\", \"man\"]",
                "bin",
                "dev",
                "man",
                "out"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages.get(0).outputs())
        .extracting(ResolvedOutput::name)
        .containsExactly("bin", "man");
  }

  @Test
  void resolve_rejectsAnOutputNameThePackageDoesNotHave() {
    Manifest manifest =
        toml(
            "schema-version = '1.10.0'\n"
                + "[install]\n"
                + "curl.pkg-path = 'curl'\n"
                + "curl.outputs = ['bin', 'docs']\n");
    Lockfile lockfile =
        lock(
            "{ \"schema-version\": \"1.10.0\", \"install\": { \"curl\": { \"pkg-path\": \"curl\","
                + " \"outputs\": [\"bin\", \"docs\"] } } }",
            catalogEntry("curl", "x86_64-linux", null, "out", "bin", "man"));

    assertThatThrownBy(() -> resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "install id 'curl' asks for output 'docs', but its package on x86_64-linux has only"
                + " bin, man, out; fix outputs in manifest.toml.");
  }

  @Test
  void resolve_givesAStorePathEntryItsSinglePath() {
    String path = FloxData.storePath("tool");
    Manifest manifest =
        toml("version = 1\n[install]\ntool.store-path = '" + path + "'\ntool.priority = 1\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"tool\": { \"store-path\": \""
                + path
                + "\", \"priority\": 1 } } }",
            "{ \"install_id\": \"tool\", \"system\": \"x86_64-linux\", \"store_path\": \""
                + path
                + "\", \"priority\": 1 }");

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages)
        .containsExactly(
            new ResolvedPackage(
                "tool", 1, List.of(new ResolvedOutput("out", StorePath.of(path), 1000))));
    assertThat(packages.get(0).storePaths()).containsExactly(StorePath.of(path));
  }

  @Test
  void resolve_sortsByInstallIdAndOutputName() {
    Manifest manifest =
        toml(
            "version = 1\n"
                + "[install]\n"
                + "zsh.pkg-path = 'zsh'\n"
                + "awk.pkg-path = 'gawk'\n"
                + "awk.priority = 2\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"zsh\": { \"pkg-path\": \"zsh\" }, \"awk\": {"
                + " \"pkg-path\": \"gawk\", \"priority\": 2 } } }",
            catalogEntry("zsh", "x86_64-linux", null, "out", "man", "doc"),
            catalogEntry("awk", "x86_64-linux", null, "out"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages).extracting(ResolvedPackage::installId).containsExactly("awk", "zsh");
    assertThat(packages).extracting(ResolvedPackage::priority).containsExactly(2, 5);
    assertThat(packages.get(1).outputs())
        .extracting(ResolvedOutput::name)
        .containsExactly("doc", "man", "out");
  }

  /** Each output as name@joinPriority. */
  private static List<String> priorities(ResolvedPackage pkg) {
    return pkg.outputs().stream().map(o -> o.name() + "@" + o.joinPriority()).toList();
  }

  @Test
  void resolve_version1_givesOtherOutputs1000pPlusKCountingUpOverTheEnvironment() {
    Manifest manifest =
        toml("version = 1\n[install]\na.pkg-path = 'a'\nb.pkg-path = 'b'\nb.priority = 2\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"a\": { \"pkg-path\": \"a\" }, \"b\": {"
                + " \"pkg-path\": \"b\", \"priority\": 2 } } }",
            catalogEntry("a", "x86_64-linux", "[\"bin\", \"out\"]", "bin", "dev", "man", "out"),
            catalogEntry("b", "x86_64-linux", "[\"out\"]", "dev", "out"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(priorities(packages.get(0)))
        .containsExactly("bin@5000", "dev@5001", "man@5002", "out@5000");
    assertThat(priorities(packages.get(1))).containsExactly("dev@2003", "out@2000");
  }

  @Test
  void resolve_schemaVersion_givesTheIthSelectedOutput1000pPlusI() {
    Manifest manifest =
        toml("schema-version = '1.10.0'\n[install]\ncurl.pkg-path = 'curl'\ncurl.outputs = ['man', 'bin']\n");
    Lockfile lockfile =
        lock(
            "{ \"schema-version\": \"1.10.0\", \"install\": { \"curl\": { \"pkg-path\": \"curl\","
                + " \"outputs\": [\"man\", \"bin\"] } } }",
            catalogEntry("curl", "x86_64-linux", "[\"bin\"]", "bin", "dev", "man", "out"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(priorities(packages.get(0))).containsExactly("bin@5001", "man@5000");
  }

  @Test
  void resolve_followsTheLocksEmbeddedManifest_notManifestToml() {
    // kitchen_sink: manifest.toml is version = 1, its lock's manifest was migrated to
    // schema-version with outputs = "all": every output, each at 1000p + i.
    List<ResolvedPackage> packages =
        resolver.resolve(
            FloxData.manifest("kitchen_sink"),
            FloxData.lockfile("kitchen_sink"),
            TargetSystem.X86_64_LINUX);

    assertThat(priorities(packages.get(0))).containsExactly("out@5000");
  }

  @Test
  void resolve_returnsNothingForAnEnvironmentWithoutPackages() {
    Manifest manifest = toml("version = 1\n");
    Lockfile lockfile = lock("{ \"version\": 1 }");

    assertThat(resolver.resolve(manifest, lockfile, TargetSystem.AARCH64_LINUX)).isEmpty();
  }

  @Test
  void resolve_skipsPackagesWhoseSystemsLeaveOutTheTarget() {
    Manifest manifest =
        toml(
            "version = 1\n"
                + "[install]\n"
                + "hello.pkg-path = 'hello'\n"
                + "macfuse.pkg-path = 'macfuse'\n"
                + "macfuse.systems = ['aarch64-darwin']\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"hello\": { \"pkg-path\": \"hello\" }, \"macfuse\":"
                + " { \"pkg-path\": \"macfuse\", \"systems\": [\"aarch64-darwin\"] } } }",
            catalogEntry("hello", "x86_64-linux", null, "out"),
            catalogEntry("macfuse", "aarch64-darwin", null, "out"));

    List<ResolvedPackage> packages =
        resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX);

    assertThat(packages).extracting(ResolvedPackage::installId).containsExactly("hello");
  }

  @Test
  void resolve_rejectsASystemTheEnvironmentDoesNotSupport() {
    Manifest manifest =
        toml("version = 1\n[options]\nsystems = ['aarch64-darwin', 'x86_64-linux']\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"options\": { \"systems\": [\"aarch64-darwin\", \"x86_64-linux\"] }"
                + " }");

    assertThatThrownBy(() -> resolver.resolve(manifest, lockfile, TargetSystem.AARCH64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessage(
            "The environment supports only aarch64-darwin, x86_64-linux (options.systems in"
                + " manifest.toml), not aarch64-linux; pass --system with one of those, or add"
                + " aarch64-linux to options.systems and re-lock.");
  }

  @Test
  void resolve_rejectsALockMadeForOtherSystems() {
    Manifest manifest = toml("version = 1\n[install]\nhello.pkg-path = 'hello'\n");
    Lockfile lockfile =
        lock(
            "{ \"version\": 1, \"install\": { \"hello\": { \"pkg-path\": \"hello\" } } }",
            catalogEntry("hello", "aarch64-darwin", null, "out"));

    assertThatThrownBy(() -> resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(
            "manifest.lock has no package for install id 'hello' on x86_64-linux: the lock was made"
                + " for other systems; add x86_64-linux to options.systems and re-lock");
  }

  @Test
  void resolve_rejectsAStaleLockNamingTheDifference() {
    Manifest manifest =
        toml("version = 1\n[install]\nhello.pkg-path = 'hello'\ncurl.pkg-path = 'curl'\n");

    assertThatThrownBy(
            () ->
                resolver.resolve(
                    manifest, FloxData.lockfile("hello-v1"), TargetSystem.X86_64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(
            "manifest.lock is out of date: install id 'curl' is in manifest.toml but not in"
                + " manifest.lock; re-lock the environment with `floxj lock` (or flox)");
  }

  @Test
  void resolve_rejectsLockEntriesForInstallIdsTheManifestDoesNotHave() {
    Manifest manifest = toml("version = 1\n");
    Lockfile lockfile =
        lock("{ \"version\": 1 }", catalogEntry("ghost", "x86_64-linux", null, "out"));

    assertThatThrownBy(() -> resolver.resolve(manifest, lockfile, TargetSystem.X86_64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(
            "manifest.lock is inconsistent: it has a package for install id 'ghost', which its"
                + " manifest does not install;");
  }

  /** A composed lock: the merged manifest installs hello; the including one only includes. */
  private static Lockfile composedLock(String composerJson) {
    String hello = "/nix/store/nm7p8wxflggcwxfzayhysq4z6a1wg373-hello-2.12.3";
    return LockfileParser.parse(
        "{ \"lockfile-version\": 1,"
            + " \"manifest\": { \"version\": 1, \"install\": { \"hello\": { \"store-path\": \""
            + hello + "\" } } },"
            + " \"packages\": [ { \"install_id\": \"hello\", \"store_path\": \"" + hello + "\","
            + " \"system\": \"x86_64-linux\", \"priority\": 5 } ],"
            + " \"compose\": { \"composer\": " + composerJson + ", \"include\": [] } }",
        "manifest.lock");
  }

  @Test
  void resolve_composedEnvironment_isMadeOfTheLocksMergedManifest() {
    Manifest composer = toml("version = 1\n[include]\nenvironments = [{ dir = \"../base\" }]\n");
    Lockfile lockfile =
        composedLock("{ \"version\": 1, \"include\": { \"environments\": [ { \"dir\": \"../base\" } ] } }");

    assertThat(lockfile.composed()).isTrue();
    assertThat(lockfile.forImage(composer)).isEqualTo(lockfile.manifest());
    assertThat(resolver.resolve(composer, lockfile, TargetSystem.X86_64_LINUX))
        .extracting(ResolvedPackage::installId)
        .containsExactly("hello");
  }

  @Test
  void resolve_composedEnvironment_whoseManifestChangedSinceLocking_asksToRelockWithFlox() {
    Manifest changed = toml("version = 1\n[install]\ntool.store-path = \"/nix/store/0123456789abcdfghijklmnpqrsvwxyz-tool-1\"\n");
    Lockfile lockfile = composedLock("{ \"version\": 1 }");

    assertThatThrownBy(() -> resolver.resolve(changed, lockfile, TargetSystem.X86_64_LINUX))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("manifest.lock is out of date")
        .hasMessageContaining("re-lock the environment with flox in its directory");
  }
}
