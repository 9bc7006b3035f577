package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RegistryReferenceTest {
  @Test
  void parse_aFullReference_keepsRegistryRepositoryAndTag() {
    RegistryReference ref = RegistryReference.parse("docker://ghcr.io/org/app:1.0");
    assertThat(ref).isEqualTo(new RegistryReference("ghcr.io", "org/app", "1.0", null));
    assertThat(ref.apiHost()).isEqualTo("ghcr.io");
  }

  @Test
  void parse_aPortIsNotATag() {
    assertThat(RegistryReference.parse("127.0.0.1:5000/team/hello"))
        .isEqualTo(new RegistryReference("127.0.0.1:5000", "team/hello", null, null));
    assertThat(RegistryReference.parse("localhost:5000/hello:v2").tag()).isEqualTo("v2");
    assertThat(RegistryReference.parse("localhost/hello").registry()).isEqualTo("localhost");
  }

  @Test
  void parse_aNameWithoutRegistry_isOnDockerHub_underLibraryWhenOneComponent() {
    RegistryReference alpine = RegistryReference.parse("alpine:3");
    assertThat(alpine).isEqualTo(new RegistryReference("docker.io", "library/alpine", "3", null));
    assertThat(alpine.apiHost()).isEqualTo("registry-1.docker.io");
    assertThat(RegistryReference.parse("someone/tool").repository()).isEqualTo("someone/tool");
    assertThat(RegistryReference.parse("docker.io/nginx").repository()).isEqualTo("library/nginx");
    assertThat(RegistryReference.parse("index.docker.io/someone/tool").registry()).isEqualTo("docker.io");
  }

  @Test
  void parse_aDigest() {
    String digest = "sha256:" + "a".repeat(64);
    RegistryReference ref = RegistryReference.parse("quay.io/x/y@" + digest);
    assertThat(ref.digest()).isEqualTo(digest);
    assertThat(ref.tag()).isNull();
    assertThat(ref.toString()).isEqualTo("quay.io/x/y@" + digest);
  }

  @Test
  void parse_refusesUppercaseRepositoriesAndBadTags_inOneSentence() {
    assertThatThrownBy(() -> RegistryReference.parse("ghcr.io/Org/App"))
        .isInstanceOf(RegistryException.class)
        .hasMessageStartingWith("The image reference 'ghcr.io/Org/App' cannot be used: 'Org/App' is not a repository name");
    assertThatThrownBy(() -> RegistryReference.parse("ghcr.io/org/app:-x"))
        .hasMessageContaining("'-x' is not a valid tag");
    assertThatThrownBy(() -> RegistryReference.parse("docker://")).hasMessageContaining("names no repository");
  }

  @Test
  void endpoint_isPlainHttpOnLoopbackOnly_unlessVerificationIsOff() {
    assertThat(RegistryEndpoint.of("127.0.0.1:5000", true).base().toString()).isEqualTo("http://127.0.0.1:5000");
    assertThat(RegistryEndpoint.of("127.8.9.1", true).base().getScheme()).isEqualTo("http");
    assertThat(RegistryEndpoint.of("localhost:5000", true).base().getScheme()).isEqualTo("http");
    assertThat(RegistryEndpoint.of("[::1]:5000", true).base().getScheme()).isEqualTo("http");
    assertThat(RegistryEndpoint.of("registry.local:5000", true).base().getScheme()).isEqualTo("https");
    assertThat(RegistryEndpoint.of("127.0.0.1.example.com", true).base().getScheme()).isEqualTo("https");
    assertThat(RegistryEndpoint.of("registry.local:5000", false).base().getScheme()).isEqualTo("http");
    assertThat(RegistryEndpoint.of("docker.io", true).base().toString()).isEqualTo("https://registry-1.docker.io");
  }

  @Test
  void withQuery_appendsToALocationThatHasOne() {
    assertThat(RegistryClient.withQuery(java.net.URI.create("http://h/v2/r/blobs/uploads/u?_state=abc"), "digest=x").toString())
        .isEqualTo("http://h/v2/r/blobs/uploads/u?_state=abc&digest=x");
    assertThat(RegistryClient.withQuery(java.net.URI.create("http://h/v2/r/blobs/uploads/u"), "digest=x").toString())
        .isEqualTo("http://h/v2/r/blobs/uploads/u?digest=x");
  }
}
