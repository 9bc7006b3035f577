package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.manifest.EnvironmentDirectory;
import dev.floxj.manifest.ManifestJson;
import dev.floxj.testing.FloxManifestKeys;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing floxj writes makes flox refuse the environment: manifests from init, install and edit,
 * and the manifest embedded in the lock, have only keys flox's schema allows (checked by {@link
 * FloxManifestKeys}, written from flox's source); floxj's own settings live in .flox/floxj.toml.
 */
class FloxCompatibilityTest {
  private static final String TOOL = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-tool-1.2";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;
  private Path env;

  private static FloxjRun withoutNix() {
    return floxj().env("PATH", "/nonexistent").env("EDITOR", null).env("VISUAL", null);
  }

  private String manifest() throws IOException {
    return Files.readString(env.resolve(".flox/env/manifest.toml"));
  }

  private JsonNode lockedManifest() throws IOException {
    return JSON.readTree(env.resolve(".flox/env/manifest.lock").toFile()).path("manifest");
  }

  @BeforeEach
  void initialise() throws IOException {
    env = Files.createDirectories(temp.resolve("demo"));
    assertThat(withoutNix().run("init", "-d", env.toString()).exitCode()).isZero();
  }

  @Test
  void init_andInstall_writeOnlyKeysFloxAllows_inTheManifestAndTheLock() throws IOException {
    assertThat(FloxManifestKeys.unknownInToml(manifest())).isEmpty();
    assertThat(FloxManifestKeys.unknownInJson(lockedManifest())).isEmpty();

    Outcome install = withoutNix().run("install", "-d", env.toString(), TOOL);
    assertThat(install.exitCode()).as(install.stderr()).isZero();
    assertThat(FloxManifestKeys.unknownInToml(manifest())).isEmpty();
    assertThat(FloxManifestKeys.unknownInJson(lockedManifest())).isEmpty();
  }

  @Test
  void edit_savesAManifestFloxLoads_withEveryTableFloxHas() throws IOException {
    Path edited = temp.resolve("new.toml");
    String text =
        manifest()
            .replace("[vars]\n", "[vars]\nGREETING = \"hi\"\n")
            .replace("[hook]\n", "[hook]\non-activate = \"echo hi\"\n")
            .replace("[install]\n", "[install]\ntool.store-path = \"" + TOOL + "\"\n")
            + "\n[containerize.config]\ncmd = [\"tool\"]\nuser = \"alice\"\n";
    Files.writeString(edited, text);

    Outcome outcome = withoutNix().run("edit", "-d", env.toString(), "-f", edited.toString());
    assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
    assertThat(FloxManifestKeys.unknownInToml(manifest())).isEmpty();
    assertThat(FloxManifestKeys.unknownInJson(lockedManifest())).isEmpty();
  }

  @Test
  void edit_refusesFloxjsOwnKeysUnderContainerize_sayingWhereTheyGo() throws IOException {
    String before = manifest();
    Path edited = temp.resolve("own.toml");
    Files.writeString(edited, before + "\n[containerize]\ntag = \"v1\"\nmax-layers = 9\n");

    Outcome outcome = withoutNix().run("edit", "-d", env.toString(), "-f", edited.toString());
    assertThat(outcome.exitCode()).isEqualTo(1);
    assertThat(outcome.stderr())
        .contains("flox would refuse the manifest: it allows only [containerize.config] under"
            + " [containerize], not tag, max-layers; put floxj's own settings in "
            + env.resolve(".flox/floxj.toml"));
    assertThat(manifest()).isEqualTo(before);
  }

  @Test
  void oldManifestsWithFloxjsKeys_stillWork_withAWarning_andTheLockLeavesThemOut()
      throws IOException {
    String legacy = manifest() + "\n[containerize]\nname = \"other\"\ntag = \"v1\"\n";
    Files.writeString(env.resolve(".flox/env/manifest.toml"), legacy);
    EnvironmentDirectory directory = EnvironmentDirectory.open(env);

    assertThat(directory.containerizeSettings(directory.manifest()).tag()).isEqualTo("v1");
    assertThat(directory.floxjKeysWarning(directory.manifest()))
        .hasValueSatisfying(warning -> assertThat(warning)
            .contains("sets [containerize] name, [containerize] tag, which flox refuses")
            .contains("move them to " + env.resolve(".flox/floxj.toml") + " under [containerize]"));
    assertThat(FloxManifestKeys.unknownInToml(legacy))
        .containsExactly("containerize.name", "containerize.tag");
    assertThat(FloxManifestKeys.unknownInJson(ManifestJson.ofToml(legacy, "manifest.toml")))
        .isEmpty();
  }

  @Test
  void installIntoAnOldManifestWithFloxjsKeys_warnsHowToMoveThem() throws IOException {
    Files.writeString(
        env.resolve(".flox/env/manifest.toml"), manifest() + "\n[containerize]\ntag = \"v1\"\n");

    Outcome install = withoutNix().run("install", "-d", env.toString(), TOOL);
    assertThat(install.exitCode()).as(install.stderr()).isZero();
    assertThat(install.stderr())
        .contains("! " + env.resolve(".flox/env/manifest.toml")
            + " sets [containerize] tag, which flox refuses");
    assertThat(FloxManifestKeys.unknownInJson(lockedManifest())).isEmpty();
  }

  @Test
  void floxjToml_holdsFloxjsOwnSettings_overTheManifestsOldOnes() throws IOException {
    Files.writeString(
        env.resolve(".flox/env/manifest.toml"),
        manifest() + "\n[containerize]\ntag = \"old\"\nmax-layers = 9\n");
    Files.writeString(
        env.resolve(".flox/floxj.toml"),
        "[containerize]\nname = \"mine\"\ntag = \"new\"\ncreated = \"now\"\n");
    EnvironmentDirectory directory = EnvironmentDirectory.open(env);

    var settings = directory.containerizeSettings(directory.manifest());
    assertThat(settings.name()).isEqualTo("mine");
    assertThat(settings.tag()).isEqualTo("new");
    assertThat(settings.maxLayers()).isEqualTo(9);
    assertThat(settings.created()).isEqualTo("now");
  }

  @Test
  void floxjToml_withAnUnknownKey_isAnErrorWithFileAndLine() throws IOException {
    Files.writeString(env.resolve(".flox/floxj.toml"), "[containerize]\nlayers = 3\n");
    EnvironmentDirectory directory = EnvironmentDirectory.open(env);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> directory.containerizeSettings(directory.manifest()))
        .hasMessageContaining("floxj.toml:2:1: unknown key 'layers' in containerize");
  }
}
