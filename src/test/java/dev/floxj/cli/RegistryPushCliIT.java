package dev.floxj.cli;

import static dev.floxj.testing.FloxjRun.floxj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.Json;
import dev.floxj.testing.DockerEngine;
import dev.floxj.testing.FloxEnvFixture;
import dev.floxj.testing.FloxEnvFixture.CatalogPackage;
import dev.floxj.testing.FloxjRun;
import dev.floxj.testing.FloxjRun.Outcome;
import dev.floxj.testing.Prerequisites;
import dev.floxj.testing.RegistryServer;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TestPackages;
import dev.floxj.testing.TestRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floxj containerize --to docker://…} end to end: real Nix store paths pushed into Debian's
 * registry server on loopback, read back by skopeo, pulled and run by a real Docker engine; what
 * the registry was asked comes from its access log.
 */
class RegistryPushCliIT {

  private static TestPackages packages;
  private static DockerEngine docker;

  @TempDir Path temp;

  @BeforeAll
  static void buildPackagesAndFindDocker() {
    packages = TestPackages.get();
    docker = DockerEngine.get();
  }

  private FloxjRun floxjWithCredentialsIn(Path dockerConfig) throws Exception {
    Files.createDirectories(dockerConfig);
    return floxj()
        .env("HOME", Files.createDirectories(temp.resolve("home")).toString())
        .env("DOCKER_CONFIG", dockerConfig.toString())
        .env("XDG_RUNTIME_DIR", null)
        .env("REGISTRY_AUTH_FILE", null);
  }

  private Path helloEnvironment() {
    return FloxEnvFixture.named("hello-push").catalog(CatalogPackage.of("hello", packages.hello())).writeTo(temp.resolve("env"));
  }

  @Test
  void push_isReadBySkopeo_pulledAndRunByDocker_andAnUnchangedRepushUploadsNothing() throws Exception {
    Path skopeo = Prerequisites.requireOnPath("skopeo", "apt-get install skopeo");
    Path env = helloEnvironment();
    String repository = TestRun.unique("floxj-it/hello");
    try (RegistryServer registry = RegistryServer.anonymous(Files.createDirectories(temp.resolve("registry")))) {
      String target = registry.address() + "/" + repository + ":v1";
      FloxjRun floxj = floxjWithCredentialsIn(temp.resolve("docker"));
      Path metadata = temp.resolve("metadata.json");
      String[] push = {"containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "--cache-dir", temp.resolve("cache").toString(),
          "--to", "docker://" + target, "--metadata-file", metadata.toString(), "--iidfile", temp.resolve("iid").toString()};

      Outcome first = floxj.run(push);
      assertThat(first.exitCode()).as(first.stderr()).isZero();
      assertThat(first.stdout()).isEmpty();
      assertThat(first.stderr()).contains("⚡︎ '" + target + "' written to registry " + registry.address());
      JsonNode written = Json.mapper().readTree(Files.readAllBytes(metadata)).path("destinations").get(0);
      assertThat(written.path("destination").asText()).isEqualTo("docker://" + registry.address() + "/" + repository);
      assertThat(written.path("references").get(0).asText()).isEqualTo(target);
      String manifestDigest = written.path("manifest").path("digest").asText();
      List<String> firstRequests = registry.requests();
      assertThat(firstRequests).anyMatch(r -> r.startsWith("PATCH /v2/" + repository + "/blobs/uploads/"));

      JsonNode inspect = Json.mapper().readTree(
          Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + target).run().assertSuccess().stdout());
      assertThat(inspect.path("Digest").asText()).isEqualTo(manifestDigest);
      JsonNode raw = Json.mapper().readTree(
          Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "--raw", "docker://" + target).run().assertSuccess().stdout());
      assertThat(raw.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
      int layers = raw.path("layers").size();
      assertThat(layers).isGreaterThan(1);
      assertThat(written.path("configDigest").asText()).isEqualTo(raw.path("config").path("digest").asText());
      assertThat(written.path("layers")).extracting(layer -> layer.path("digest").asText())
          .containsExactlyElementsOf(textsOf(inspect.path("Layers")));
      assertThat(Files.readString(temp.resolve("iid"))).isEqualTo(raw.path("config").path("digest").asText());

      try {
        docker.command("pull", target).timeout(java.time.Duration.ofMinutes(3)).run().assertSuccess();
        assertThat(docker.run(target, "hello").assertSuccess().stdout()).isEqualTo("Hello, world!\n");
        String imageId = docker.inspect(target).path("Id").asText();
        assertThat(imageId).isEqualTo(raw.path("config").path("digest").asText());
      } finally {
        docker.removeImage(target);
      }

      registry.mark();
      Outcome again = floxj.run(push);
      assertThat(again.exitCode()).as(again.stderr()).isZero();
      assertThat(Json.mapper().readTree(Files.readAllBytes(metadata)).path("destinations").get(0).path("manifest").path("digest").asText())
          .isEqualTo(manifestDigest);
      List<String> requests = registry.requests();
      assertThat(requests).as("a re-push of the same environment uploads no blob").noneMatch(r -> r.contains("/blobs/uploads/"));
      assertThat(requests.stream().filter(r -> r.startsWith("HEAD /v2/" + repository + "/blobs/sha256:") && r.endsWith(" 200")).count())
          .isEqualTo(layers + 1);
      assertThat(requests).contains("PUT /v2/" + repository + "/manifests/v1 201");

      registry.mark();
      String second = registry.address() + "/" + repository + "-copy:v2";
      Outcome mounted = floxj.run("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "--cache-dir", temp.resolve("cache").toString(), "--to", "docker://" + second);
      assertThat(mounted.exitCode()).as(mounted.stderr()).isZero();
      List<String> mountRequests = registry.requests();
      assertThat(mountRequests).filteredOn(r -> r.startsWith("POST /v2/" + repository + "-copy/blobs/uploads/?mount=") && r.endsWith(" 201")).hasSize(layers + 1);
      assertThat(mountRequests).noneMatch(r -> r.startsWith("PATCH "));
    }
  }

  @Test
  void push_besideAnOciLayout_givesBothTheSameConfig_andTheRegistryEveryTag() throws Exception {
    Path skopeo = Prerequisites.requireOnPath("skopeo", "apt-get install skopeo");
    Path env = helloEnvironment();
    try (RegistryServer registry = RegistryServer.anonymous(Files.createDirectories(temp.resolve("registry")))) {
      String repository = registry.address() + "/team/two-places";
      Path layout = temp.resolve("layout");
      Path metadata = temp.resolve("metadata.json");
      Outcome outcome =
          floxjWithCredentialsIn(temp.resolve("docker"))
              .run("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "--cache-dir", temp.resolve("cache").toString(),
                  "-t", "v1", "-t", "latest", "--to", "docker://" + repository, "--to", "oci:" + layout, "--compression", "gzip", "--metadata-file", metadata.toString());
      assertThat(outcome.exitCode()).as(outcome.stderr()).isZero();
      assertThat(outcome.stderr()).contains("'" + repository + ":v1', '" + repository + ":latest' written to registry " + registry.address());
      JsonNode destinations = Json.mapper().readTree(Files.readAllBytes(metadata)).path("destinations");
      assertThat(destinations.get(0).path("configDigest").asText()).isEqualTo(destinations.get(1).path("configDigest").asText());
      assertThat(destinations.get(0).path("layers").get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
      for (String tag : List.of("v1", "latest")) {
        JsonNode inspect = Json.mapper().readTree(
            Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + repository + ":" + tag).run().assertSuccess().stdout());
        assertThat(inspect.path("Digest").asText()).isEqualTo(destinations.get(0).path("manifest").path("digest").asText());
        assertThat(textsOf(inspect.path("Layers"))).containsExactlyElementsOf(textsOf(destinations.get(0).path("layers").findValues("digest").stream().collect(
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance::arrayNode, com.fasterxml.jackson.databind.node.ArrayNode::add, com.fasterxml.jackson.databind.node.ArrayNode::addAll)));
      }
    }
  }

  private static List<String> textsOf(JsonNode array) {
    List<String> texts = new java.util.ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  @Test
  void wrongCredentials_failInOneSentence_andPutNoManifest() throws Exception {
    Path env = helloEnvironment();
    try (RegistryServer registry = RegistryServer.basic(Files.createDirectories(temp.resolve("registry")), "ci", "right")) {
      Path dockerConfig = Files.createDirectories(temp.resolve("docker"));
      Files.writeString(dockerConfig.resolve("config.json"),
          "{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + Base64.getEncoder().encodeToString("ci:wrong".getBytes(StandardCharsets.UTF_8)) + "\"}}}");
      Outcome outcome =
          floxjWithCredentialsIn(dockerConfig).run("containerize", "-d", env.toString(), "--store", packages.storeRoot().toString(), "--cache-dir", temp.resolve("cache").toString(), "--to", "docker://" + registry.address() + "/team/app:v1");
      assertThat(outcome.exitCode()).isEqualTo(1);
      List<String> errors = outcome.stderrLines().stream().filter(l -> l.startsWith("Error") || l.contains("refused")).toList();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0))
          .contains("The registry " + registry.address() + " refused the credentials (user 'ci' from " + dockerConfig.resolve("config.json"))
          .contains("docker login " + registry.address());
      assertThat(outcome.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(registry.requests()).noneMatch(r -> r.contains("/manifests/"));
    }
  }
}
