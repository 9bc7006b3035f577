package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.cli.DestinationSpec.Transport;
import dev.floxj.image.model.ImageReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationSpecTest {
  private static final ImageReference ENVIRONMENT = new ImageReference("hello", "latest");

  private static List<String> references(String value, String... tags) {
    return DestinationSpec.parse(value).references(ENVIRONMENT, List.of(tags), value).stream()
        .map(ImageReference::toString)
        .toList();
  }

  @Test
  void transports_areRecognisedByTheirSkopeoPrefixes() {
    assertThat(DestinationSpec.parse("oci:/tmp/x:v1")).isEqualTo(new DestinationSpec(Transport.OCI, "/tmp/x", "v1"));
    assertThat(DestinationSpec.parse("oci-archive:x.tar")).isEqualTo(new DestinationSpec(Transport.OCI_ARCHIVE, "x.tar", null));
    assertThat(DestinationSpec.parse("docker-archive:-").isStdout()).isTrue();
    assertThat(DestinationSpec.parse("docker-daemon:").transport()).isEqualTo(Transport.DOCKER_DAEMON);
    assertThat(DestinationSpec.parse("podman:team/x:v2").reference()).isEqualTo("team/x:v2");
    assertThat(DestinationSpec.parse("docker://localhost:5000/team/x:v1").reference()).isEqualTo("localhost:5000/team/x:v1");
  }

  @Test
  void references_everyTagForEveryDestination_andAFullReferenceSetsTheRepository() {
    assertThat(references("oci:d")).containsExactly("hello:latest");
    assertThat(references("oci:d", "v1", "v2")).containsExactly("hello:v1", "hello:v2");
    assertThat(references("oci:d:v3", "v1")).containsExactly("hello:v3", "hello:v1");
    assertThat(references("oci:d:ghcr.io/me/app:v3")).containsExactly("ghcr.io/me/app:v3");
    assertThat(references("docker-daemon:team/app", "v1")).containsExactly("team/app:v1");
    assertThat(references("docker-daemon:app")).containsExactly("app:latest");
    assertThat(references("docker://localhost:5000/team/app:v9", "v1"))
        .containsExactly("localhost:5000/team/app:v9", "localhost:5000/team/app:v1");
  }

  @Test
  void badValues_areOneSentenceNamingTheValue() {
    assertThatThrownBy(() -> DestinationSpec.parse("tarball:/x"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("'tarball:/x' names no known destination; write oci:DIR[:TAG]");
    assertThatThrownBy(() -> DestinationSpec.parse("oci:"))
        .isInstanceOf(FloxjException.class)
        .hasMessage("'oci:' has no directory; write oci:DIR[:TAG].");
    assertThatThrownBy(() -> DestinationSpec.parse("oci:d:-x"))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("'oci:d:-x': '-x' cannot be an image tag");
    assertThatThrownBy(() -> DestinationSpec.parse("docker-daemon:Bad/Name"))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("cannot be an image name");
    assertThatThrownBy(() -> DestinationSpec.parse("docker://"))
        .isInstanceOf(FloxjException.class)
        .hasMessage("'docker://' has no image; write docker://REGISTRY/REPO[:TAG].");
  }
}
