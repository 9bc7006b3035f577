package dev.floxj.image.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelValuesTest {
  private static final Digest A = new Digest("sha256", "a".repeat(64));
  private static final Digest B = new Digest("sha256", "b".repeat(64));

  @Test
  void digest_parsesAndPrintsAlgorithmColonHex_andRefusesMalformedText() {
    assertThat(Digest.parse("sha256:" + "a".repeat(64), "x")).isEqualTo(A);
    assertThat(A.toString()).isEqualTo("sha256:" + "a".repeat(64));
    assertThat(Digest.sha256Of("abc".getBytes(StandardCharsets.UTF_8)).hex())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    for (String bad : new String[] {"sha256:ABC", "sha256:" + "A".repeat(64), "a".repeat(64), ":x", "sha256:"}) {
      assertThatThrownBy(() -> Digest.parse(bad, "index.json of /tmp/oci"))
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("index.json of /tmp/oci");
    }
  }

  @Test
  void reference_splitsRegistryRepositoryAndTag_likeDocker() {
    ImageReference local = ImageReference.parse("localhost:5000/team/hello:v1", null);
    assertThat(local.registry()).isEqualTo("localhost:5000");
    assertThat(local.repository()).isEqualTo("team/hello");
    assertThat(local.tag()).isEqualTo("v1");
    ImageReference bare = ImageReference.parse("team/hello", "dev");
    assertThat(bare.registry()).isNull();
    assertThat(bare.toString()).isEqualTo("team/hello:dev");
    assertThat(ImageReference.parse("ghcr.io/o/r", null).toString()).isEqualTo("ghcr.io/o/r:latest");
    assertThat(ImageReference.parse("127.0.0.1:5055/r:t", null).registry()).isEqualTo("127.0.0.1:5055");
    assertThatThrownBy(() -> ImageReference.parse("Team/Hello", null)).isInstanceOf(FloxjException.class);
    assertThatThrownBy(() -> ImageReference.checkTag("-x")).isInstanceOf(FloxjException.class);
  }

  @Test
  void manifest_inOneFamily_roundTrips() {
    ImageManifest manifest =
        new ImageManifest(
            ManifestFormat.OCI,
            Descriptor.of(ManifestFormat.OCI.configType(), A, 10),
            List.of(Descriptor.of(ManifestFormat.OCI.layerType(Compression.GZIP), B, 20)),
            Map.of());
    String json = new String(manifest.toJson(), StandardCharsets.UTF_8);
    assertThat(json)
        .isEqualTo(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + A + "\",\"size\":10},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + B + "\",\"size\":20}]}");
    assertThat(ImageManifest.parse(manifest.toJson(), "m")).isEqualTo(manifest);
    assertThat(ManifestFormat.DOCKER.layerType(Compression.GZIP)).isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
    assertThatThrownBy(() -> ManifestFormat.DOCKER.layerType(Compression.ZSTD)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void index_keepsOtherEntries_whenATagMoves_andSortsAnnotations() {
    Descriptor old =
        Descriptor.of(ManifestFormat.OCI.manifestType(), A, 1)
            .withAnnotations(Map.of("org.opencontainers.image.ref.name", "v1"));
    Descriptor other =
        Descriptor.of(ManifestFormat.OCI.manifestType(), A, 1)
            .withAnnotations(Map.of("org.opencontainers.image.ref.name", "v0"));
    Descriptor moved =
        Descriptor.of(ManifestFormat.OCI.manifestType(), B, 2)
            .withPlatform(Platform.linux("arm64", "v8"))
            .withAnnotations(Map.of("z", "1", "org.opencontainers.image.ref.name", "v1"));
    ImageIndex index = new ImageIndex(ManifestFormat.OCI, List.of(old, other), Map.of());
    ImageIndex updated = index.replacing(d -> "v1".equals(d.annotation("org.opencontainers.image.ref.name")), moved);
    assertThat(updated.manifests()).containsExactly(other, moved);
    ImageIndex reread = ImageIndex.parse(updated.toJson(), "index.json");
    assertThat(reread).isEqualTo(updated);
    assertThat(new String(updated.toJson(), StandardCharsets.UTF_8))
        .contains("\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"},"
            + "\"annotations\":{\"org.opencontainers.image.ref.name\":\"v1\",\"z\":\"1\"}");
  }

  @Test
  void config_readsBackWhatItWrites() {
    ImageConfig config =
        new ImageConfig(
            Platform.linux("arm64", "v8"),
            Instant.parse("2024-01-02T03:04:05Z"),
            new ContainerConfig(List.of("A=1"), List.of("/bin/sh"), List.of("x"), "/w", "1:1", List.of("80/tcp"), List.of("/d"), Map.of("k", "v"), "SIGINT"));
    byte[] json = config.toJson(List.of(A, B), List.of("one", "two"));
    ImageConfig.Contents read = ImageConfig.read(json, "config");
    assertThat(read.config()).isEqualTo(config);
    assertThat(read.diffIds()).containsExactly(A, B);
    assertThat(read.historyComments()).containsExactly("one", "two");
    assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"");
  }
}
