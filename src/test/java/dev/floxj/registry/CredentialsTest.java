package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
  @TempDir Path temp;

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", temp.resolve("home").toString());
    environment.put("PATH", temp.resolve("bin") + ":/usr/bin:/bin");
    return environment;
  }

  private void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void find_readsAuthOfDockerConfigJson_underTheHostOrItsUrl() throws IOException {
    Path config = temp.resolve("home/.docker/config.json");
    write(config, "{\"auths\":{\"https://ghcr.io\":{\"auth\":\"" + base64("u:p:with:colons") + "\"},\"quay.io/v2/\":{\"username\":\"q\",\"password\":\"w\"}}}");
    Credentials credentials = Credentials.fromEnvironment(environment());
    assertThat(credentials.find("ghcr.io", "org/app")).contains(new Credential.UserPassword("u", "p:with:colons", config + " (auths \"https://ghcr.io\")"));
    assertThat(credentials.find("quay.io", "x/y").map(c -> ((Credential.UserPassword) c).username())).contains("q");
    assertThat(credentials.find("gcr.io", "x/y")).isEmpty();
  }

  @Test
  void find_usesDockerHubsLegacyKey_forDockerIo() throws IOException {
    write(temp.resolve("home/.docker/config.json"), "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + base64("hubuser:tok") + "\"}}}");
    assertThat(Credentials.fromEnvironment(environment()).find("docker.io", "hubuser/app").map(c -> ((Credential.UserPassword) c).username()))
        .contains("hubuser");
  }

  @Test
  void find_prefersTheLongestRepositoryPrefix_ofPodmanStyleKeys() throws IOException {
    write(temp.resolve("home/.config/containers/auth.json"),
        "{\"auths\":{\"reg.example\":{\"auth\":\"" + base64("all:1") + "\"},\"reg.example/team\":{\"auth\":\"" + base64("team:2") + "\"}}}");
    Credentials credentials = Credentials.fromEnvironment(environment());
    assertThat(credentials.find("reg.example", "team/app").map(c -> ((Credential.UserPassword) c).username())).contains("team");
    assertThat(credentials.find("reg.example", "other/app").map(c -> ((Credential.UserPassword) c).username())).contains("all");
  }

  @Test
  void find_looksAtDockerConfigFirst_thenRegistryAuthFile_thenPodmansFiles() throws IOException {
    Map<String, String> environment = environment();
    environment.put("DOCKER_CONFIG", temp.resolve("dc").toString());
    environment.put("REGISTRY_AUTH_FILE", temp.resolve("raf.json").toString());
    environment.put("XDG_RUNTIME_DIR", temp.resolve("run").toString());
    Credentials credentials = Credentials.fromEnvironment(environment);
    assertThat(credentials.files())
        .containsExactly(temp.resolve("dc/config.json"), temp.resolve("raf.json"), temp.resolve("run/containers/auth.json"), temp.resolve("home/.config/containers/auth.json"));
    write(temp.resolve("run/containers/auth.json"), "{\"auths\":{\"r.io\":{\"auth\":\"" + base64("podman:1") + "\"}}}");
    assertThat(credentials.find("r.io", "a").map(c -> ((Credential.UserPassword) c).username())).contains("podman");
    write(temp.resolve("raf.json"), "{\"auths\":{\"r.io\":{\"auth\":\"" + base64("raf:1") + "\"}}}");
    assertThat(credentials.find("r.io", "a").map(c -> ((Credential.UserPassword) c).username())).contains("raf");
    write(temp.resolve("dc/config.json"), "{\"auths\":{\"r.io\":{\"identitytoken\":\"idt\"}}}");
    assertThat(credentials.find("r.io", "a")).containsInstanceOf(Credential.IdentityToken.class);
  }

  @Test
  void find_asksTheRegistrysCredHelperFirst_andTreatsNotFoundAsNone() throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path helper = bin.resolve("docker-credential-t");
    Files.writeString(helper, "#!/bin/sh\nread s\nif [ \"$s\" = ghcr.io ]; then echo '{\"ServerURL\":\"ghcr.io\",\"Username\":\"<token>\",\"Secret\":\"refresh\"}'; else echo 'credentials not found in native keychain'; exit 1; fi\n");
    Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    write(temp.resolve("home/.docker/config.json"), "{\"credHelpers\":{\"ghcr.io\":\"t\",\"quay.io\":\"t\"},\"auths\":{\"quay.io\":{}}}");
    Credentials credentials = Credentials.fromEnvironment(environment());
    assertThat(credentials.find("ghcr.io", "o/a")).contains(new Credential.IdentityToken("refresh", "docker-credential-t"));
    assertThat(credentials.find("quay.io", "o/a")).isEmpty();
  }

  @Test
  void find_failsInOneSentence_onAMissingHelperOrBrokenJson() throws IOException {
    write(temp.resolve("home/.docker/config.json"), "{\"credsStore\":\"nosuch\"}");
    assertThatThrownBy(() -> Credentials.fromEnvironment(environment()).find("ghcr.io", "o/a"))
        .isInstanceOf(RegistryException.class)
        .hasMessage("The credential helper docker-credential-nosuch (named in config.json for ghcr.io) is not on PATH; install it or remove it from config.json.");
    write(temp.resolve("home/.docker/config.json"), "{\"auths\":");
    assertThatThrownBy(() -> Credentials.fromEnvironment(environment()).find("ghcr.io", "o/a"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("The credentials file " + temp.resolve("home/.docker/config.json") + " is not valid JSON");
  }
}
