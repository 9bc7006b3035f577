package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.Json;
import dev.floxj.image.model.Digest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.floxj.testing.FlakyProxy;
import dev.floxj.testing.Prerequisites;
import dev.floxj.testing.RegistryServer;
import dev.floxj.testing.Subprocess;
import dev.floxj.testing.TokenServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes to Debian's real registry server on loopback: anonymous, htpasswd Basic, and Bearer
 * tokens from a token server of the test, with credentials in a temporary DOCKER_CONFIG and a
 * credential helper on PATH. What was uploaded is read from the registry's access log; what was
 * stored, with skopeo.
 */
class RegistryPushIT {
  private static final String LAYER = "application/vnd.oci.image.layer.v1.tar";
  private static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  private static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  @TempDir Path temp;

  @Test
  void anonymousPush_isReadBySkopeo_andAnUnchangedRepushOnlyAsksHead() throws Exception {
    try (RegistryServer registry = RegistryServer.anonymous(temp)) {
      BlobSightings sightings = BlobSightings.load(temp.resolve("cache/registry-blobs.json"));
      Pushed first = push(registry, Credentials.fromEnvironment(environment()), sightings, "floxj/app", "v1");
      assertThat(first.layers).extracting(PushedBlob::how).containsOnly(PushedBlob.How.UPLOADED);

      Path skopeo = Prerequisites.requireOnPath("skopeo", "apt-get install skopeo");
      Subprocess.Result raw =
          Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "--raw", "docker://" + registry.address() + "/floxj/app:v1").run().assertSuccess();
      assertThat(raw.stdout().getBytes(StandardCharsets.UTF_8)).isEqualTo(first.manifest);
      Subprocess.Result inspect =
          Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + registry.address() + "/floxj/app:v1").run().assertSuccess();
      assertThat(Json.mapper().readTree(inspect.stdout()).path("Digest").asText()).isEqualTo(first.manifestDigest.toString());

      registry.mark();
      Pushed again = push(registry, Credentials.fromEnvironment(environment()), sightings, "floxj/app", "v1", first.layerDigests());
      assertThat(again.manifestDigest).isEqualTo(first.manifestDigest);
      assertThat(again.layers).extracting(PushedBlob::how).containsOnly(PushedBlob.How.PRESENT);
      List<String> requests = registry.requests();
      assertThat(requests).noneMatch(r -> r.contains("/blobs/uploads/"));
      assertThat(requests.stream().filter(r -> r.startsWith("HEAD ")).count()).isEqualTo(3);
    }
  }

  @Test
  void pushToASecondRepository_mountsBlobsSeenInTheFirst() throws Exception {
    try (RegistryServer registry = RegistryServer.anonymous(temp)) {
      Path file = temp.resolve("cache/registry-blobs.json");
      Pushed first = push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(file), "team/one", "latest");
      registry.mark();
      Pushed second = push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(file), "team/two", "latest", first.layerDigests());
      assertThat(second.layers).extracting(PushedBlob::how).containsOnly(PushedBlob.How.MOUNTED);
      List<String> requests = registry.requests();
      assertThat(requests).filteredOn(r -> r.startsWith("POST /v2/team/two/blobs/uploads/?mount=")).hasSize(3).allMatch(r -> r.endsWith(" 201") && (r.contains("from=team%2Fone") || r.contains("from=team/one")));
      assertThat(requests).noneMatch(r -> r.startsWith("PATCH ") || r.startsWith("PUT /v2/team/two/blobs/"));
      Path skopeo = Prerequisites.requireOnPath("skopeo", "apt-get install skopeo");
      Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + registry.address() + "/team/two:latest").run().assertSuccess();
    }
  }

  @Test
  void basicAuth_withConfigJsonAuths_pushes_andWrongOrMissingCredentialsFailInOneSentence() throws Exception {
    try (RegistryServer registry = RegistryServer.basic(temp, "alice", "s3cret")) {
      BlobSightings sightings = BlobSightings.load(temp.resolve("cache/registry-blobs.json"));
      writeConfig("{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + base64("alice:s3cret") + "\"}}}");
      Pushed pushed = push(registry, Credentials.fromEnvironment(environment()), sightings, "basic/app", "1.0");
      assertThat(pushed.manifestDigest.algorithm()).isEqualTo("sha256");

      writeConfig("{\"auths\":{\"https://" + registry.address() + "\":{\"username\":\"alice\",\"password\":\"wrong\"}}}");
      assertThatThrownBy(() -> push(registry, Credentials.fromEnvironment(environment()), sightings, "basic/app", "1.1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("The registry " + registry.address() + " refused the credentials (user 'alice' from ")
          .hasMessageContaining("docker login " + registry.address())
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

      writeConfig("{}");
      assertThatThrownBy(() -> push(registry, Credentials.fromEnvironment(environment()), sightings, "basic/app", "1.2"))
          .isInstanceOf(RegistryException.class)
          .hasMessage("The registry " + registry.address() + " needs credentials and floxj found none for it; log in with `docker login "
              + registry.address() + "` (or podman login), or put them in $DOCKER_CONFIG/config.json.");
    }
  }

  @Test
  void bearer_withACredentialHelper_asksForPullPushScopes_andPullOfTheMountSource() throws Exception {
    try (TokenServer tokens = TokenServer.start(temp).user("bob", "hunter2");
        RegistryServer registry = RegistryServer.bearer(temp, tokens)) {
      helper("floxjtest", "{\"ServerURL\":\"" + registry.address() + "\",\"Username\":\"bob\",\"Secret\":\"hunter2\"}");
      writeConfig("{\"credHelpers\":{\"" + registry.address() + "\":\"floxjtest\"}}");
      Path file = temp.resolve("cache/registry-blobs.json");
      Pushed first = push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(file), "org/first", "v1");
      assertThat(tokens.requests()).allMatch(r -> "bob".equals(r.user()));
      assertThat(tokens.requests()).flatExtracting(TokenServer.Request::scopes).containsOnly("repository:org/first:pull,push");

      Pushed second = push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(file), "org/second", "v1", first.layerDigests());
      assertThat(second.layers).extracting(PushedBlob::how).containsOnly(PushedBlob.How.MOUNTED);
      assertThat(tokens.requests()).anySatisfy(r -> assertThat(r.scopes()).contains("repository:org/second:pull,push", "repository:org/first:pull"));
    }
  }

  @Test
  void bearer_withAnIdentityTokenFromCredsStore_usesTheRefreshTokenGrant() throws Exception {
    try (TokenServer tokens = TokenServer.start(temp).refreshToken("carol", "refresh-123");
        RegistryServer registry = RegistryServer.bearer(temp, tokens)) {
      helper("floxjstore", "{\"ServerURL\":\"" + registry.address() + "\",\"Username\":\"<token>\",\"Secret\":\"refresh-123\"}");
      writeConfig("{\"credsStore\":\"floxjstore\",\"auths\":{}}");
      push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(temp.resolve("c.json")), "idtoken/app", "v1");
      assertThat(tokens.requests()).isNotEmpty().allMatch(r -> r.method().equals("POST") && "refresh_token".equals(r.grantType()) && "carol".equals(r.user()));
    }
  }

  @Test
  void bearer_withAWrongPassword_failsInOneSentence_andAHelperWithoutCredentialsMeansAnonymous() throws Exception {
    try (TokenServer tokens = TokenServer.start(temp).user("bob", "hunter2");
        RegistryServer registry = RegistryServer.bearer(temp, tokens)) {
      writeConfig("{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + base64("bob:nope") + "\"}}}");
      assertThatThrownBy(() -> push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(temp.resolve("c.json")), "org/app", "v1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("The registry " + registry.address() + " refused the credentials (user 'bob' from " + temp.resolve("docker/config.json"));

      Path helpers = Files.createDirectories(temp.resolve("bin"));
      Path script = helpers.resolve("docker-credential-empty");
      Files.writeString(script, "#!/bin/sh\ncat >/dev/null\necho 'credentials not found in native keychain'\nexit 1\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      writeConfig("{\"credsStore\":\"empty\"}");
      assertThatThrownBy(() -> push(registry, Credentials.fromEnvironment(environment()), BlobSightings.load(temp.resolve("c.json")), "org/app", "v1"))
          .isInstanceOf(RegistryException.class)
          .hasMessageStartingWith("The registry " + registry.address() + " needs credentials and floxj found none");
    }
  }

  @Test
  void bearer_a401MidPush_namingAMissingScope_getsANewTokenAndTheSameRequestAgain() throws Exception {
    try (TokenServer tokens = TokenServer.start(temp).user("bob", "hunter2").grantPullOnly(1);
        RegistryServer registry = RegistryServer.bearer(temp, tokens)) {
      writeConfig("{\"auths\":{\"" + registry.address() + "\":{\"auth\":\"" + base64("bob:hunter2") + "\"}}}");
      Pushed pushed = push(registry, Credentials.fromEnvironment(environment()), BlobSightings.inMemory(), "scoped/app", "v1");
      assertThat(tokens.requests()).hasSize(2).allSatisfy(r -> assertThat(r.scopes()).contains("repository:scoped/app:pull,push"));
      List<String> requests = registry.requests();
      assertThat(requests).anyMatch(r -> r.startsWith("POST /v2/scoped/app/blobs/uploads/") && r.endsWith(" 401"));
      assertThat(requests).contains("PUT /v2/scoped/app/manifests/v1 201");
      assertThat(pushed.manifestDigest.algorithm()).isEqualTo("sha256");
    }
  }

  @Test
  void transientFailures_areRetried_andAPersistentOneFailsInOneSentence() throws Exception {
    try (RegistryServer registry = RegistryServer.anonymous(temp);
        FlakyProxy proxy = new FlakyProxy(registry.address())) {
      proxy.fail("HEAD", "/v2/flaky/app/blobs/", 503, 1, Map.of())
          .fail("POST", "/v2/flaky/app/blobs/uploads/", 429, 1, Map.of("Retry-After", "1"))
          .fail("PATCH", "/v2/flaky/app/blobs/uploads/", 500, 1, Map.of())
          .fail("PUT", "/v2/flaky/app/manifests/", 502, 1, Map.of());
      Pushed pushed = push(proxy.address(), Credentials.fromEnvironment(environment()), BlobSightings.inMemory(), "flaky/app", "v1", List.of());
      assertThat(proxy.failed()).hasSize(4);
      Path skopeo = Prerequisites.requireOnPath("skopeo", "apt-get install skopeo");
      JsonNode inspect = Json.mapper().readTree(
          Subprocess.of(skopeo.toString(), "inspect", "--tls-verify=false", "docker://" + registry.address() + "/flaky/app:v1").run().assertSuccess().stdout());
      assertThat(inspect.path("Digest").asText()).isEqualTo(pushed.manifestDigest.toString());

      proxy.fail("PUT", "/v2/flaky/app/manifests/", 503, 100, Map.of());
      assertThatThrownBy(() -> push(proxy.address(), Credentials.fromEnvironment(environment()), BlobSightings.inMemory(), "flaky/app", "v2", pushed.layerDigests()))
          .isInstanceOf(RegistryException.class)
          .hasMessage("The registry " + proxy.address() + " refused to take the manifest flaky/app:v2 (HTTP 503); the registry is failing; try again later.");
    }
  }

  @Test
  void aRedirectToAnotherHost_getsNoCredentials() throws Exception {
    List<String> authorizations = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    com.sun.net.httpserver.HttpServer blobStore =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    blobStore.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    blobStore.start();
    try (RegistryServer registry = RegistryServer.basic(temp, "alice", "s3cret");
        FlakyProxy proxy = new FlakyProxy(registry.address())) {
      String elsewhere = "http://127.0.0.1:" + blobStore.getAddress().getPort() + "/bucket/blob";
      proxy.redirect("HEAD", "/v2/redirected/app/blobs/sha256:", elsewhere, 100);
      writeConfig("{\"auths\":{\"" + proxy.address() + "\":{\"auth\":\"" + base64("alice:s3cret") + "\"}}}");
      try (RegistryClient client = RegistryClient.open(proxy.address(), "redirected/app", Credentials.fromEnvironment(environment()), true)) {
        client.ping("redirected/app");
        assertThat(client.hasBlob("redirected/app", Digest.sha256Of(new byte[] {1}))).isFalse();
      }
      assertThat(authorizations).containsExactly("null");
      assertThat(proxy.failed()).hasSize(1);
    } finally {
      blobStore.stop(0);
    }
  }

  // --- a small image: one streamed layer of unknown digest, its config, an OCI manifest ---

  private record Pushed(List<PushedBlob> layers, byte[] manifest, Digest manifestDigest) {
    List<Digest> layerDigests() {
      return layers.stream().map(PushedBlob::digest).collect(Collectors.toList());
    }
  }

  private Pushed push(RegistryServer registry, Credentials credentials, BlobSightings sightings, String repository, String tag) throws IOException {
    return push(registry.address(), credentials, sightings, repository, tag, List.of());
  }

  private Pushed push(RegistryServer registry, Credentials credentials, BlobSightings sightings, String repository, String tag, List<Digest> knownLayers)
      throws IOException {
    return push(registry.address(), credentials, sightings, repository, tag, knownLayers);
  }

  /** Pushes two layers and a config; with {@code knownLayers}, the layers' digests are known. */
  private Pushed push(String registry, Credentials credentials, BlobSightings sightings, String repository, String tag, List<Digest> knownLayers)
      throws IOException {
    try (RegistryClient client = RegistryClient.open(registry, repository, credentials, true)) {
      client.ping(repository);
      BlobPusher pusher = new BlobPusher(client, sightings, BlobPusher.Listener.SILENT);
      List<BlobContent> layers =
          List.of(
              layer(1, 3 * 1024 * 1024 + 17, knownLayers.size() > 0 ? Optional.of(knownLayers.get(0)) : Optional.empty()),
              layer(2, 100_000, knownLayers.size() > 1 ? Optional.of(knownLayers.get(1)) : Optional.empty()));
      List<PushedBlob> pushedLayers = pusher.pushAll(repository, layers);
      byte[] config =
          ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                  + pushedLayers.get(0).digest() + "\",\"" + pushedLayers.get(1).digest() + "\"]}}")
              .getBytes(StandardCharsets.UTF_8);
      PushedBlob configBlob = pusher.push(repository, BlobContent.of(config));
      List<PushedBlob> all = new java.util.ArrayList<>(pushedLayers);
      all.add(configBlob);
      byte[] manifest =
          ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":{\"mediaType\":\"" + CONFIG + "\",\"digest\":\""
                  + configBlob.digest() + "\",\"size\":" + config.length + "},\"layers\":["
                  + descriptor(pushedLayers.get(0), 3 * 1024 * 1024 + 17) + "," + descriptor(pushedLayers.get(1), 100_000) + "]}")
              .getBytes(StandardCharsets.UTF_8);
      Digest digest = client.putManifest(repository, tag, MANIFEST, manifest);
      sightings.save();
      return new Pushed(all, manifest, digest);
    }
  }

  private static String descriptor(PushedBlob blob, long size) {
    return "{\"mediaType\":\"" + LAYER + "\",\"digest\":\"" + blob.digest() + "\",\"size\":" + size + "}";
  }

  private static BlobContent layer(long seed, int size, Optional<Digest> digest) {
    return new BlobContent() {
      @Override
      public Optional<Digest> knownDigest() {
        return digest;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public void writeTo(OutputStream out) throws IOException {
        Random random = new Random(seed);
        byte[] piece = new byte[10_000];
        int left = size;
        while (left > 0) {
          random.nextBytes(piece);
          int n = Math.min(left, piece.length);
          out.write(piece, 0, n);
          left -= n;
        }
      }
    };
  }

  // --- credentials as users have them ---

  private Map<String, String> environment() throws IOException {
    Map<String, String> environment = new HashMap<>();
    environment.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    environment.put("DOCKER_CONFIG", Files.createDirectories(temp.resolve("docker")).toString());
    environment.put("PATH", temp.resolve("bin") + ":" + System.getenv("PATH"));
    return environment;
  }

  private void writeConfig(String json) throws IOException {
    Files.createDirectories(temp.resolve("docker"));
    Files.writeString(temp.resolve("docker/config.json"), json);
  }

  /** A {@code docker-credential-<name>} script on the test's PATH that answers {@code answer}. */
  private void helper(String name, String answer) throws IOException {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Path script = bin.resolve("docker-credential-" + name);
    Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || exit 2\nread server\necho '" + answer + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
