package dev.floxj.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.store.StorePath;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;

class FloxEnvFixtureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StorePath HELLO =
      StorePath.of("4fnznvfi3yxdg44bg13kg2p806sp2n0d-hello-1.0");
  private static final StorePath GREET =
      StorePath.of("r8xyslw6pzw4wcbqnr01n60fq9lbb7wd-greet-1.0");
  private static final StorePath GREET_MAN =
      StorePath.of("1xwl1xfnm288yi2gxi18hy9n2nb4ly1d-greet-1.0-man");

  @TempDir Path dir;

  @Test
  void writeTo_writesEnvJsonManifestAndLock() throws Exception {
    FloxEnvFixture.named("demo").storePath("hello", HELLO).writeTo(dir);

    assertThat(JSON.readTree(dir.resolve(".flox/env.json").toFile()))
        .isEqualTo(JSON.readTree("{\"name\": \"demo\", \"version\": 1}"));
    assertThat(Files.readString(dir.resolve(".flox/env/manifest.toml")))
        .isEqualTo(
            "schema-version = \"1.10.0\"\n\n[install]\nhello.store-path = \"" + HELLO + "\"\n");
    assertThat(Files.readString(dir.resolve(".flox/env/manifest.lock")))
        .startsWith("{\n  \"lockfile-version\": 1,\n  \"manifest\": {\n");
  }

  @Test
  void lock_hasOneStorePathEntryPerSystem() throws Exception {
    FloxEnvFixture.named("demo").storePath("hello", HELLO, 3).writeTo(dir);

    JsonNode packages = lock().get("packages");
    assertThat(packages).hasSize(2);
    assertThat(packages.get(1))
        .isEqualTo(
            JSON.readTree(
                "{\"install_id\": \"hello\", \"store_path\": \"" + HELLO
                    + "\", \"system\": \"x86_64-linux\", \"priority\": 3}"));
    assertThat(packages.get(0).get("system").asText()).isEqualTo("aarch64-linux");
  }

  @Test
  void lock_hasCatalogEntriesWithSnakeCaseKeys() throws Exception {
    Map<String, StorePath> outputs = new LinkedHashMap<>();
    outputs.put("out", GREET);
    outputs.put("man", GREET_MAN);
    FloxEnvFixture.named("demo")
        .catalog(
            CatalogPackage.of("greet", GREET)
                .outputs(outputs, List.of("out", "out"))
                .manifestOutputs(List.of("out", "man"))
                .priority(7))
        .writeTo(dir);

    JsonNode entry = lock().get("packages").get(1);
    assertThat(entry.get("install_id").asText()).isEqualTo("greet");
    assertThat(entry.get("attr_path").asText()).isEqualTo("greet");
    assertThat(entry.get("system").asText()).isEqualTo("x86_64-linux");
    assertThat(entry.get("outputs").get("man").asText()).isEqualTo(GREET_MAN.path());
    assertThat(entry.get("outputs_to_install")).hasSize(2);
    assertThat(entry.get("group").asText()).isEqualTo("toplevel");
    assertThat(entry.get("priority").asInt()).isEqualTo(7);
    assertThat(entry.get("name").asText()).isEqualTo("greet-1.0");
    assertThat(entry.get("pname").asText()).isEqualTo("greet");
    assertThat(entry.get("version").asText()).isEqualTo("1.0");
    assertThat(lock().get("manifest").get("install").get("greet").get("outputs"))
        .isEqualTo(JSON.readTree("[\"out\", \"man\"]"));
  }

  @Test
  void lock_embedsTheManifestIncludingExtraToml() throws Exception {
    FloxEnvFixture.named("demo")
        .storePath("hello", HELLO)
        .manifestToml(
            "[vars]\nGREETING = \"hi \\\"there\\\"\"\n\n[hook]\non-activate = '''\n  hello\n'''\n\n"
                + "[containerize.config]\ncmd = [\"hello\"]\n")
        .writeTo(dir);

    JsonNode manifest = lock().get("manifest");
    String toml = Files.readString(dir.resolve(".flox/env/manifest.toml"));
    assertThat(manifest).isEqualTo(JSON.readTree(Toml.parse(toml).toJson()));
    assertThat(manifest.get("vars").get("GREETING").asText()).isEqualTo("hi \"there\"");
    assertThat(manifest.get("hook").get("on-activate").asText()).isEqualTo("  hello\n");
    assertThat(manifest.get("containerize").get("config").get("cmd").get(0).asText())
        .isEqualTo("hello");
  }

  @Test
  void schemaVersionNull_writesVersionOne() throws Exception {
    FloxEnvFixture.named("old").schemaVersion(null).storePath("hello", HELLO).writeTo(dir);

    assertThat(Files.readString(dir.resolve(".flox/env/manifest.toml")))
        .startsWith("version = 1\n");
    assertThat(lock().get("manifest").get("version").asInt()).isEqualTo(1);
  }

  private JsonNode lock() throws Exception {
    return JSON.readTree(dir.resolve(".flox/env/manifest.lock").toFile());
  }
}
