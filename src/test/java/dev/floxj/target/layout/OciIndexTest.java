package dev.floxj.target.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.ContainerConfig;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageConfig;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.Platform;
import dev.floxj.store.StorePath;
import dev.floxj.target.TestLayers;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several platforms in an OCI layout and archive: one index blob, children with platforms. */
class OciIndexTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StorePath SHARED = StorePath.of("/nix/store/" + "1".repeat(32) + "-bootstrap");
  private static final StorePath OWN = StorePath.of("/nix/store/" + "2".repeat(32) + "-hello-1.0");

  @TempDir Path temp;

  /** An image whose first layer is the same for every platform and whose second is its own. */
  private static Image image(Platform platform, int seed) {
    byte[] shared = new byte[10240];
    shared[0] = 42;
    byte[] own = new byte[20480];
    own[0] = (byte) seed;
    return new Image(
        new ImageConfig(platform, Instant.ofEpochSecond(1), ContainerConfig.EMPTY),
        List.of(new Layer(TestLayers.fixed(shared), List.of(SHARED)), new Layer(TestLayers.fixed(own), List.of(OWN))));
  }

  private static List<Image> twoPlatforms() {
    return List.of(image(Platform.linux("amd64", null), 1), image(Platform.linux("arm64", "v8"), 2));
  }

  @Test
  void layout_tagPointsAtAnIndexBlobListingEachPlatformsManifest() throws Exception {
    Path dir = temp.resolve("layout");
    WrittenIndex written =
        new OciLayoutDestination(dir, List.of(new ImageReference("hello", "v1")), Compression.NONE)
            .writeIndex(twoPlatforms(), WriteProgress.SILENT);

    JsonNode entries = JSON.readTree(dir.resolve("index.json").toFile()).path("manifests");
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
    assertThat(entries.get(0).path("digest").asText()).isEqualTo(written.index().digest().toString());
    assertThat(entries.get(0).path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("v1");
    JsonNode index = JSON.readTree(blob(dir, written.index().digest().toString()).toFile());
    assertThat(index.path("manifests")).hasSize(2);
    assertThat(index.path("manifests").get(0).path("platform").toString())
        .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
    assertThat(index.path("manifests").get(1).path("platform").toString())
        .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
    for (int i = 0; i < 2; i++) {
      JsonNode manifest = JSON.readTree(blob(dir, index.path("manifests").get(i).path("digest").asText()).toFile());
      JsonNode config = JSON.readTree(blob(dir, manifest.path("config").path("digest").asText()).toFile());
      assertThat(config.path("architecture").asText())
          .isEqualTo(index.path("manifests").get(i).path("platform").path("architecture").asText());
      assertThat(manifest.path("config").path("digest").asText())
          .isEqualTo(written.images().get(i).config().toString());
    }
  }

  @Test
  void layout_storesTheLayerBothPlatformsShareOnce() throws Exception {
    Path dir = temp.resolve("layout");
    WrittenIndex written =
        new OciLayoutDestination(dir, List.of(new ImageReference("hello", "v1")), Compression.NONE)
            .writeIndex(twoPlatforms(), WriteProgress.SILENT);

    String amdShared = written.images().get(0).layers().get(0).blob().digest().toString();
    String armShared = written.images().get(1).layers().get(0).blob().digest().toString();
    assertThat(amdShared).isEqualTo(armShared);
    List<String> stored = new ArrayList<>();
    try (Stream<Path> blobs = Files.list(dir.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        assertThat(sha256(Files.readAllBytes(blob))).isEqualTo(blob.getFileName().toString());
        stored.add(blob.getFileName().toString());
      }
    }
    // 3 layers (one shared), 2 configs, 2 manifests, 1 index.
    assertThat(stored).hasSize(8);
  }

  @Test
  void archive_holdsEachBlobOnceAndTheSameIndexAsTheLayout() throws Exception {
    Path file = temp.resolve("image.oci.tar");
    List<ImageReference> references = List.of(new ImageReference("hello", "v1"));
    WrittenIndex archived =
        new OciArchiveDestination(file, references, Compression.NONE).writeIndex(twoPlatforms(), WriteProgress.SILENT);
    WrittenIndex laidOut =
        new OciLayoutDestination(temp.resolve("layout"), references, Compression.NONE)
            .writeIndex(twoPlatforms(), WriteProgress.SILENT);

    assertThat(archived.index()).isEqualTo(laidOut.index());
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(file))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    assertThat(names.stream().filter(name -> name.startsWith("blobs/sha256/") && name.length() > 13))
        .hasSize(8)
        .doesNotHaveDuplicates();
    assertThat(names.get(names.size() - 1)).isEqualTo("index.json");
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
