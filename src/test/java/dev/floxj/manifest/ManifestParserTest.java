package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.store.StorePath;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class ManifestParserTest {

  private static Manifest parse(String toml) {
    return ManifestParser.parse(toml, "manifest.toml");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertFails(
      String toml) {
    return assertThatThrownBy(() -> parse(toml)).isInstanceOf(FloxjException.class);
  }

  @ParameterizedTest
  @FieldSource("dev.floxj.manifest.FloxData#MANIFESTS")
  void parse_readsEveryFixtureManifest(String fixture) {
    Manifest manifest = ManifestParser.parse(FloxData.path(fixture));

    assertThat(manifest.install()).isNotEmpty();
  }

  @Test
  void parse_readsVersion1TemplateWithCommentedSectionsInWrittenOrder() {
    Manifest manifest = FloxData.manifest("v1_curl_hello");

    assertThat(manifest.schema().isVersion1()).isTrue();
    assertThat(manifest.install().keySet()).containsExactly("curl", "hello");
    assertThat(manifest.install().get("curl"))
        .isEqualTo(
            new CatalogDescriptor("curl", null, null, null, null, OutputSelection.UNSPECIFIED));
    assertThat(manifest.vars()).isEmpty();
    assertThat(manifest.onActivate()).isNull();
    assertThat(manifest.profile()).isEqualTo(Profile.NONE);
    assertThat(manifest.options()).isEqualTo(Options.NONE);
    assertThat(manifest.containerize()).isEqualTo(ContainerizeSettings.NONE);
  }

  @Test
  void parse_readsSchemaVersionAndOptionsSystems() {
    Manifest manifest = FloxData.manifest("hello");

    assertThat(manifest.schema()).isEqualTo(new ManifestSchema("1.14.0"));
    assertThat(manifest.schema().isVersion1()).isFalse();
    assertThat(manifest.schema().allowsOutputs()).isTrue();
    assertThat(manifest.options().systems())
        .containsExactly("aarch64-darwin", "aarch64-linux", "x86_64-darwin", "x86_64-linux");
  }

  @Test
  void parse_readsNamedOutputs() {
    Manifest manifest = FloxData.manifest("bash_v1_10_0_out");

    assertThat(manifest.install().get("bash").outputs())
        .isEqualTo(OutputSelection.named(List.of("out")));
  }

  @Test
  void parse_readsFlakeDescriptor() {
    Manifest manifest = FloxData.manifest("flake_hello");

    assertThat(manifest.install().get("hello"))
        .isEqualTo(
            new FlakeDescriptor(
                "github:NixOS/nixpkgs/nixpkgs-unstable#hello",
                null,
                null,
                OutputSelection.UNSPECIFIED));
  }

  @Test
  void parse_readsVarsHookAndProfile() {
    Manifest manifest = FloxData.manifest("kitchen_sink");

    assertThat(manifest.vars()).containsExactly(Map.entry("VARS_SECTION_VAR", "vars_section_var"));
    assertThat(manifest.onActivate()).startsWith("    echo \"running on-activate\"\n");
    assertThat(manifest.profile().common()).contains("running profile-common");
    assertThat(manifest.profile().bash()).contains("profile-bash");
    assertThat(manifest.profile().zsh()).contains("profile-zsh");
    assertThat(manifest.profile().fish()).contains("profile-fish");
    assertThat(manifest.profile().tcsh()).contains("profile-tcsh");
  }

  @Test
  void parse_readsContainerizeTestManifest() {
    Manifest manifest = ManifestParser.parse(FloxData.path("containerize-test/manifest1.toml"));

    assertThat(manifest.vars()).containsExactly(Map.entry("foo", "bar"));
    assertThat(manifest.onActivate()).isEqualTo("    command -v hello\n    hello\n");
  }

  @Test
  void parse_readsEveryDescriptorFieldAndOption() {
    Manifest manifest =
        parse(
            """
            schema-version = "1.12.0"
            [install]
            gcc = { pkg-path = "gcc13", version = "^13.2", pkg-group = "c", systems = ["x86_64-linux"], priority = 3, outputs = "all" }
            tool.store-path = "%s"
            tool.priority = 7
            [options]
            systems = ["x86_64-linux", "aarch64-linux"]
            activate.mode = "run"
            allow = { unfree = true, broken = false, licenses = ["MIT"] }
            semver.allow-pre-releases = true
            cuda-detection = false
            """
                .formatted(FloxData.storePath("tool")));

    assertThat(manifest.install().get("gcc"))
        .isEqualTo(
            new CatalogDescriptor(
                "gcc13", "^13.2", "c", List.of("x86_64-linux"), 3, OutputSelection.ALL));
    assertThat(manifest.install().get("tool"))
        .isEqualTo(new StorePathDescriptor(StorePath.of(FloxData.storePath("tool")), null, 7));
    assertThat(manifest.install().get("tool").effectivePriority()).isEqualTo(7);
    assertThat(manifest.options())
        .isEqualTo(
            new Options(
                List.of("x86_64-linux", "aarch64-linux"),
                ActivateMode.RUN,
                true,
                false,
                List.of("MIT"),
                true,
                false));
  }

  @Test
  void parse_defaultsPriorityToFiveButRemembersItWasNotGiven() {
    Descriptor hello = FloxData.manifest("hello").install().get("hello");

    assertThat(hello.priority()).isNull();
    assertThat(hello.effectivePriority()).isEqualTo(5);
  }

  @Test
  void parse_readsContainerizeSettings() {
    Manifest manifest =
        parse(
            """
            version = 1
            [containerize]
            name = "web"
            tag = "v2"
            max-layers = 40
            created = "2024-05-01T12:00:00Z"
            [containerize.config]
            user = "app:app"
            exposed-ports = ["8080/tcp"]
            cmd = ["serve", "--port", "8080"]
            volumes = ["/data"]
            working-dir = "/srv"
            labels = { "org.opencontainers.image.title" = "web", zone = "b" }
            stop-signal = "SIGINT"
            """);

    assertThat(manifest.containerize())
        .isEqualTo(
            new ContainerizeSettings(
                "web",
                "v2",
                40,
                "2024-05-01T12:00:00Z",
                new ContainerConfig(
                    "app:app",
                    List.of("8080/tcp"),
                    List.of("serve", "--port", "8080"),
                    List.of("/data"),
                    "/srv",
                    Map.of("org.opencontainers.image.title", "web", "zone", "b"),
                    "SIGINT")));
    assertThat(manifest.containerize().config().labels().keySet())
        .containsExactly("org.opencontainers.image.title", "zone");
  }

  @Test
  void parse_keepsInstallIdsThatContainDots() {
    Manifest manifest =
        parse(
            """
            version = 1
            [install]
            "python3.pip".pkg-path = "python3Packages.pip"
            """);

    assertThat(manifest.install().keySet()).containsExactly("python3.pip");
  }

  @Test
  void parse_acceptsUnusedSectionsWhateverTheyHold() {
    Manifest manifest =
        parse(
            """
            schema-version = "1.15.0"
            minimum-cli-version = "1.4.0"
            [services.web]
            command = "python3 -m http.server"
            vars.PORT = "8000"
            [build.app]
            command = "make"
            [include]
            environments = [{ dir = "../common" }]
            [plugins.secrets]
            TOKEN = "path/to/token"
            [profile.deactivate]
            common = "echo bye"
            """);

    assertThat(manifest.install()).isEmpty();
  }

  @Test
  void parse_rejectsUnusedSectionThatIsNotATable() {
    assertFails("version = 1\nservices = 3\n")
        .hasMessage("manifest.toml:2:1: services must be a table, not an integer.");
  }

  @Test
  void parse_reportsFileAndLineForMalformedToml() {
    assertFails("version = 1\n[install]\nhello.pkg-path = \n")
        .hasMessageStartingWith("manifest.toml:3:")
        .hasMessageContaining("invalid TOML");
  }

  @Test
  void parse_reportsDuplicateKeyAsTomlError() {
    assertFails("version = 1\n[vars]\nA = \"1\"\nA = \"2\"\n")
        .hasMessageStartingWith("manifest.toml:4:1: invalid TOML:");
  }

  @Test
  void parse_reportsUnknownTopLevelKeyWithFileLineAndKey() {
    assertFails("version = 1\n\n[instal]\nhello.pkg-path = \"hello\"\n")
        .hasMessageStartingWith(
            "manifest.toml:3:1: unknown key 'instal' in the top level; expected one of version,"
                + " schema-version, install,");
  }

  @Test
  void parse_reportsUnknownDescriptorKeyWithFileLineAndKey() {
    assertFails("version = 1\n[install]\nhello.pkg-path = \"hello\"\nhello.pkgs-group = \"x\"\n")
        .hasMessage(
            "manifest.toml:4:1: unknown key 'pkgs-group' in install.hello; expected one of"
                + " pkg-path, version, pkg-group, systems, priority, outputs.");
  }

  @Test
  void parse_reportsKeyThatBelongsToAnotherDescriptorKind() {
    assertFails("version = 1\n[install.hello]\nflake = \"github:a/b#hello\"\nversion = \"1\"\n")
        .hasMessage(
            "manifest.toml:4:1: unknown key 'version' in install.hello; expected one of flake,"
                + " systems, priority, outputs.");
  }

  @Test
  void parse_reportsUnknownContainerizeConfigKeyWithFileLineAndKey() {
    assertFails("version = 1\n[containerize.config]\nuser = \"app\"\nentrypoint = [\"sh\"]\n")
        .hasMessage(
            "manifest.toml:4:1: unknown key 'entrypoint' in containerize.config; expected one of"
                + " user, exposed-ports, cmd, volumes, working-dir, labels, stop-signal.");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[options]\\nsystem = []|unknown key 'system' in options;",
        "[options.activate]\\nmodes = 'dev'|unknown key 'modes' in options.activate;",
        "[options.allow]\\nfree = true|unknown key 'free' in options.allow;",
        "[options.semver]\\n"
            + "prefer-pre-releases = true|unknown key 'prefer-pre-releases' in options.semver;",
        "[hook]\\nscript = 'x'|unknown key 'script' in hook;",
        "[profile]\\nksh = 'x'|unknown key 'ksh' in profile;",
        "[containerize]\\nfrom = 'x'|unknown key 'from' in containerize;",
      })
  void parse_reportsUnknownKeysAtEveryLevel(String body, String expected) {
    assertFails("version = 1\n" + body.replace("\\n", "\n"))
        .hasMessageStartingWith("manifest.toml:3:1: " + expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[install]\\n"
            + "hello.pkg-path = 'hello'\\n"
            + "hello.priority = 'high'|manifest.toml:4:1: install.hello.priority must be an"
            + " integer, not a string.",
        "[install]\\n"
            + "hello.pkg-path = 3|manifest.toml:3:1: install.hello.pkg-path must be a string, not"
            + " an integer.",
        "[install]\\n"
            + "hello = 'hello'|manifest.toml:3:1: install.hello must be a table, not a string.",
        "[install]\\n"
            + "hello.pkg-path = 'hello'\\n"
            + "hello.systems = 'x86_64-linux'|manifest.toml:4:1: install.hello.systems must be a"
            + " list of strings, not a string.",
        "[install]\\n"
            + "hello.pkg-path = 'hello'\\n"
            + "hello.priority = -1|manifest.toml:4:1: install.hello.priority must be between 0 and"
            + " 2147483647, not -1.",
        "[vars]\\nPORT = 8080|manifest.toml:3:1: vars.PORT must be a string, not an integer.",
        "[options]\\n"
            + "cuda-detection = 'no'|manifest.toml:3:1: options.cuda-detection must be a boolean"
            + " (true or false), not a string.",
        "[containerize.config]\\n"
            + "cmd = 'serve'|manifest.toml:3:1: containerize.config.cmd must be a list of strings,"
            + " not a string.",
        "[containerize.config]\\n"
            + "exposed-ports = [8080]|manifest.toml:3:18: containerize.config.exposed-ports must be"
            + " a list of strings, but it holds an integer.",
        "[containerize.config]\\n"
            + "labels = { a = 1 }|manifest.toml:3:12: containerize.config.labels.a must be a"
            + " string, not an integer.",
        "[containerize]\\n"
            + "max-layers = '10'|manifest.toml:3:1: containerize.max-layers must be an integer, not"
            + " a string.",
        "[containerize]\\n"
            + "max-layers = 500|manifest.toml:3:1: containerize.max-layers must be between 2 and"
            + " 125, not 500.",
        "[hook]\\n"
            + "on-activate = ['a']|manifest.toml:3:1: hook.on-activate must be a string, not a"
            + " list.",
      })
  void parse_rejectsWrongTypes(String body, String expected) {
    assertFails("version = 1\n" + body.replace("\\n", "\n")).hasMessage(expected);
  }

  @Test
  void parse_rejectsDescriptorWithNothingToInstall() {
    assertFails("version = 1\n[install]\nhello.priority = 1\n")
        .hasMessage(
            "manifest.toml:3:1: install.hello says nothing to install; give it one of pkg-path,"
                + " flake or store-path.");
  }

  @Test
  void parse_rejectsDescriptorWithSeveralThingsToInstall() {
    assertFails("version = 1\n[install]\nhello.pkg-path = 'hello'\nhello.flake = 'github:a/b#c'\n")
        .hasMessage("manifest.toml:4:1: install.hello has both pkg-path and flake; keep only one.");
  }

  @Test
  void parse_rejectsInvalidStorePath() {
    assertFails("version = 1\n[install]\ntool.store-path = '/usr/bin/tool'\n")
        .hasMessage(
            "manifest.toml:3:1: install.tool.store-path: '/usr/bin/tool' is not a Nix store path:"
                + " it does not start with /nix/store/.");
  }

  @Test
  void parse_rejectsUnknownActivateMode() {
    assertFails("version = 1\n[options]\nactivate.mode = 'prod'\n")
        .hasMessage(
            "manifest.toml:3:1: options.activate.mode must be \"dev\" or \"run\", not \"prod\".");
  }

  @Test
  void parse_rejectsOutputsUnderVersion1() {
    assertFails("version = 1\n[install]\nbash.pkg-path = 'bash'\nbash.outputs = ['out']\n")
        .hasMessage(
            "manifest.toml:4:1: install.bash.outputs needs schema-version \"1.10.0\" or later, but"
                + " this manifest declares version = 1; remove it or declare a newer"
                + " schema-version.");
  }

  @Test
  void parse_rejectsOutputsBeforeSchemaVersion1_10() {
    assertFails(
            "schema-version = \"1.9.0\"\n[install]\nbash.pkg-path = 'bash'\nbash.outputs = 'all'\n")
        .hasMessageContaining("install.bash.outputs needs schema-version \"1.10.0\" or later");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"some\"|install.bash.outputs must be \"all\" or a list of output names, not \"some\".",
        "3|install.bash.outputs must be \"all\" or a list of output names, not an integer.",
        "[]|install.bash.outputs must name at least one output, or be \"all\".",
      })
  void parse_rejectsMalformedOutputs(String outputs, String expected) {
    assertFails(
            "schema-version = \"1.10.0\"\n[install]\nbash.pkg-path = 'bash'\nbash.outputs = "
                + outputs
                + "\n")
        .hasMessage("manifest.toml:4:1: " + expected);
  }

  @Test
  void parse_dropsRepeatedOutputNames() {
    Manifest manifest =
        parse(
            "schema-version = \"1.10.0\"\n"
                + "[install]\n"
                + "b.pkg-path = 'b'\n"
                + "b.outputs = ['man', 'out', 'man']\n");

    assertThat(manifest.install().get("b").outputs().names()).containsExactly("man", "out");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[install]|manifest.toml: the schema version is missing; start the manifest with version ="
            + " 1 or schema-version = \"1.N.0\".",
        "version = 2|manifest.toml:1:1: version must be the integer 1, not 2.",
        "version = '1'|manifest.toml:1:1: version must be the integer 1, not a string.",
        "schema-version = '2.0.0'|manifest.toml:1:1: schema-version must look like \"1.N.0\" (for"
            + " example \"1.10.0\"), not \"2.0.0\".",
        "schema-version = '1.10'|manifest.toml:1:1: schema-version must look like \"1.N.0\" (for"
            + " example \"1.10.0\"), not \"1.10\".",
        "schema-version = 1|manifest.toml:1:1: schema-version must be a string, not an integer.",
        "version = 1\\n"
            + "schema-version = '1.10.0'|manifest.toml:2:1: use either 'version' or"
            + " 'schema-version', not both.",
      })
  void parse_rejectsMissingOrInvalidVersion(String toml, String expected) {
    assertFails(toml.replace("\\n", "\n")).hasMessage(expected);
  }

  @Test
  void parse_namesTheFileItReads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("manifest.toml");
    java.nio.file.Files.writeString(file, "version = 1\nfoo = 1\n");

    assertThatThrownBy(() -> ManifestParser.parse(file))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(file + ":2:1: unknown key 'foo'");
  }

  @Test
  void parse_reportsMissingFile(@TempDir Path dir) {
    Path file = dir.resolve("manifest.toml");

    assertThatThrownBy(() -> ManifestParser.parse(file))
        .isInstanceOf(FloxjException.class)
        .hasMessage(file + " does not exist.");
  }

  @Test
  void parse_aNulInAVarsValueOrAList_isRefusedAtItsPlace() {
    assertFails("version = 1\n[install]\nhello.pkg-path = \"hello\"\n[vars]\nA = \"x\\u0000y\"\n")
        .hasMessage("manifest.toml:5:1: vars.A holds a NUL character (\\u0000), which no variable, script or"
            + " argument can carry; remove it.");
    assertFails("version = 1\n[install]\nhello.pkg-path = \"hello\"\n[containerize.config]\ncmd = [\"a\\u0000\"]\n")
        .hasMessageContaining("holds a NUL character");
  }
}
