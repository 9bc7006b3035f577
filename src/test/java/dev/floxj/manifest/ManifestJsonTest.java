package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class ManifestJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String EVERYTHING =
      """
      schema-version = "1.10.0"
      [install]
      hello = { pkg-path = "hello", version = "^2", pkg-group = "g", systems = ["x86_64-linux"], priority = 3, outputs = ["out", "man"] }
      all.pkg-path = "curl"
      all.outputs = "all"
      flake.flake = "github:a/b#c"
      path.store-path = "/nix/store/0123456789abcdfghijklmnpqrsvwxyz-tool"
      path.priority = 1
      [vars]
      A = "1"
      [hook]
      on-activate = "echo hi"
      [profile]
      common = "c"
      bash = "b"
      zsh = "z"
      fish = "f"
      tcsh = "t"
      [options]
      systems = ["x86_64-linux"]
      activate.mode = "run"
      allow = { unfree = true, broken = false, licenses = ["MIT"] }
      semver.allow-pre-releases = true
      cuda-detection = false
      [containerize]
      name = "n"
      tag = "t"
      max-layers = 9
      created = "now"
      [containerize.config]
      user = "u"
      exposed-ports = ["80/tcp"]
      cmd = ["a", "b"]
      volumes = ["/v"]
      working-dir = "/w"
      labels = { k = "v" }
      stop-signal = "SIGINT"
      """;

  /** The manifest a lock embedding {@code manifest} reads back as. */
  private static Manifest throughALock(ObjectNode manifest) {
    ObjectNode lock = JSON.createObjectNode().put("lockfile-version", 1);
    lock.set("manifest", manifest);
    lock.putArray("packages");
    return LockfileParser.parse(FloxJson.toText(lock), "manifest.lock").manifest();
  }

  /** {@code manifest} as a lock keeps it: without floxj's own [containerize] keys. */
  private static Manifest withoutFloxjKeys(Manifest manifest) {
    return new Manifest(
        manifest.schema(), manifest.install(), manifest.vars(), manifest.onActivate(),
        manifest.profile(), manifest.options(),
        new ContainerizeSettings(null, null, null, null, manifest.containerize().config()));
  }

  @Test
  void of_readsBackAsTheSameManifestForEveryField_butFloxjsOwnContainerizeKeys() {
    Manifest manifest = ManifestParser.parse(EVERYTHING, "manifest.toml");

    assertThat(throughALock(ManifestJson.of(manifest))).isEqualTo(withoutFloxjKeys(manifest));
    assertThat(throughALock(ManifestJson.ofToml(EVERYTHING, "manifest.toml")))
        .isEqualTo(withoutFloxjKeys(manifest));
  }

  @Test
  void ofToml_leavesOutFloxjsOwnKeys_whichFloxRefusesInALock() {
    ObjectNode json = ManifestJson.ofToml(EVERYTHING, "manifest.toml");
    assertThat(json.get("containerize").fieldNames()).toIterable().containsExactly("config");
    ObjectNode onlyOwn =
        ManifestJson.ofToml("version = 1\n[containerize]\ntag = \"t\"\n", "manifest.toml");
    assertThat(onlyOwn.has("containerize")).isFalse();
  }

  @Test
  void of_readsBackAsTheSameManifestForFloxNix() {
    Manifest manifest = FloxNixParser.parse(FloxNixParserTest.SEED, "flox.nix");

    assertThat(throughALock(ManifestJson.of(manifest))).isEqualTo(withoutFloxjKeys(manifest));
  }

  @ParameterizedTest
  @FieldSource("dev.floxj.manifest.FloxData#MANIFESTS")
  void ofToml_readsBackAsTheSameManifestForEveryFixture(String fixture) throws IOException {
    String toml = Files.readString(FloxData.path(fixture));

    assertThat(throughALock(ManifestJson.ofToml(toml, fixture)))
        .isEqualTo(ManifestParser.parse(toml, fixture));
  }

  @ParameterizedTest
  @FieldSource("dev.floxj.manifest.FloxData#LOCKS")
  void floxJson_writesFloxsLocksByteForByte(String fixture) throws IOException {
    String text = Files.readString(FloxData.path(fixture));

    assertThat(FloxJson.toText(JSON.readTree(text))).isEqualTo(text);
  }
}
