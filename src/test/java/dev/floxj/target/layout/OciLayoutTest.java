package dev.floxj.target.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.FloxjException;
import dev.floxj.image.model.Compression;
import dev.floxj.image.model.ContainerConfig;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageConfig;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.LayerContent;
import dev.floxj.image.model.Platform;
import dev.floxj.store.StorePath;
import dev.floxj.target.TestLayers;
import dev.floxj.target.WriteProgress;
import dev.floxj.target.WrittenImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final StorePath HELLO = StorePath.of("/nix/store/" + "1".repeat(32) + "-hello-1.0");

  @TempDir Path temp;

  private static Image image(int seed) {
    byte[] store = new byte[10240];
    store[0] = (byte) seed;
    byte[] custom = new byte[3 * 1024 * 1024 + 512]; // more than a pipeline buffer
    custom[custom.length - 1] = (byte) seed;
    return new Image(
        new ImageConfig(Platform.linux("arm64", "v8"), Instant.ofEpochSecond(1), ContainerConfig.EMPTY),
        List.of(new Layer(TestLayers.fixed(store), List.of(HELLO)), new Layer(TestLayers.fixed(custom), List.of())));
  }

  private static List<ImageReference> tags(String... tags) {
    return Stream.of(tags).map(tag -> new ImageReference("hello", tag)).toList();
  }

  @Test
  void newLayout_holdsBlobsNamedByTheirDigest_andAnIndexEntryPerTag() throws Exception {
    Path dir = temp.resolve("new");
    WrittenImage written = new OciLayoutDestination(dir, tags("v1", "latest"), Compression.NONE).write(image(1), WriteProgress.SILENT);

    assertThat(JSON.readTree(dir.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText()).isEqualTo("1.0.0");
    try (Stream<Path> blobs = Files.list(dir.resolve("blobs/sha256"))) {
      for (Path blob : blobs.toList()) {
        assertThat(sha256(Files.readAllBytes(blob))).isEqualTo(blob.getFileName().toString());
      }
    }
    JsonNode index = JSON.readTree(dir.resolve("index.json").toFile());
    assertThat(index.path("manifests")).hasSize(2);
    JsonNode entry = index.path("manifests").get(0);
    assertThat(entry.path("digest").asText()).isEqualTo(written.manifest().digest().toString());
    assertThat(entry.path("platform").path("variant").asText()).isEqualTo("v8");
    assertThat(entry.path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("v1");
    assertThat(index.path("manifests").get(1).path("annotations").path("io.containerd.image.name").asText())
        .isEqualTo("docker.io/library/hello:latest");
    JsonNode manifest = JSON.readTree(dir.resolve("blobs/sha256/" + written.manifest().digest().hex()).toFile());
    assertThat(manifest.path("config").path("digest").asText()).isEqualTo(written.config().toString());
    assertThat(manifest.path("layers").get(1).path("size").asLong()).isEqualTo(3 * 1024 * 1024 + 512);
  }

  @Test
  void gzipLayers_haveTheStoredBytesDigest_andTheUncompressedDiffId() throws Exception {
    Path dir = temp.resolve("gzip");
    WrittenImage written = new OciLayoutDestination(dir, tags("v1"), Compression.GZIP).write(image(2), WriteProgress.SILENT);
    var layer = written.layers().get(1);
    assertThat(layer.blob().mediaType()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
    byte[] stored = Files.readAllBytes(dir.resolve("blobs/sha256/" + layer.blob().digest().hex()));
    assertThat(stored.length).isEqualTo(layer.blob().size());
    byte[] content = new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
    assertThat("sha256:" + sha256(content)).isEqualTo(layer.diffId().toString());
    JsonNode config = JSON.readTree(dir.resolve("blobs/sha256/" + written.config().hex()).toFile());
    assertThat(config.path("rootfs").path("diff_ids").get(1).asText()).isEqualTo(layer.diffId().toString());
  }

  @Test
  void existingLayout_keepsOtherTags_andMovesTheSameTag() throws Exception {
    Path dir = temp.resolve("existing");
    WrittenImage first = new OciLayoutDestination(dir, tags("v1", "keep"), Compression.NONE).write(image(1), WriteProgress.SILENT);
    WrittenImage second = new OciLayoutDestination(dir, tags("v1"), Compression.NONE).write(image(2), WriteProgress.SILENT);
    JsonNode manifests = JSON.readTree(dir.resolve("index.json").toFile()).path("manifests");
    Map<String, String> byTag = new LinkedHashMap<>();
    manifests.forEach(entry -> byTag.put(entry.path("annotations").path("org.opencontainers.image.ref.name").asText(), entry.path("digest").asText()));
    assertThat(byTag).containsExactly(
        Map.entry("keep", first.manifest().digest().toString()), Map.entry("v1", second.manifest().digest().toString()));
    assertThat(dir.resolve("blobs/sha256/" + first.manifest().digest().hex())).exists();
    try (Stream<Path> files = Files.list(dir.resolve("blobs/sha256"))) {
      assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.startsWith("."));
    }
  }

  @Test
  void aLayerThatFails_leavesTheIndexAsItWas_andNoTemporaryFile() throws Exception {
    Path dir = temp.resolve("failing");
    new OciLayoutDestination(dir, tags("v1"), Compression.NONE).write(image(1), WriteProgress.SILENT);
    byte[] indexBefore = Files.readAllBytes(dir.resolve("index.json"));
    LayerContent failing = TestLayers.failingMidway();
    Image broken = image(3).withLayers(List.of(image(3).layers().get(0), new Layer(failing, List.of())));
    assertThatThrownBy(() -> new OciLayoutDestination(dir, tags("v2"), Compression.NONE).write(broken, WriteProgress.SILENT))
        .hasMessage(TestLayers.FAILURE);
    assertThat(Files.readAllBytes(dir.resolve("index.json"))).isEqualTo(indexBefore);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".partial"));
    }

    Path fresh = temp.resolve("fresh");
    assertThatThrownBy(() -> new OciLayoutDestination(fresh, tags("v2"), Compression.NONE).write(broken, WriteProgress.SILENT))
        .isInstanceOf(FloxjException.class);
    assertThat(fresh).doesNotExist();
  }

  @Test
  void aDirectoryThatIsNoLayout_isRefusedBeforeAnythingIsWritten() throws Exception {
    Path dir = Files.createDirectories(temp.resolve("mine"));
    Files.writeString(dir.resolve("notes"), "x");
    assertThatThrownBy(() -> new OciLayoutDestination(dir, tags("v1"), Compression.NONE))
        .isInstanceOf(FloxjException.class)
        .hasMessage(dir + " exists and is not an OCI image layout (it has no oci-layout file); give --to oci:" + dir
            + " a new or empty directory, or an existing layout.");
    Files.writeString(Files.createDirectories(temp.resolve("v2")).resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
    assertThatThrownBy(() -> new OciLayoutDestination(temp.resolve("v2"), tags("v1"), Compression.NONE))
        .hasMessageContaining("imageLayoutVersion '2.0.0'");
  }

  @Test
  void ociArchive_isATarOfTheLayout_withIndexLast_andTheSameBytesTwice() throws Exception {
    Path first = temp.resolve("a.tar");
    Path second = temp.resolve("b.tar");
    new OciArchiveDestination(first, tags("v1"), Compression.NONE).write(image(1), WriteProgress.SILENT);
    new OciArchiveDestination(second, tags("v1"), Compression.NONE).write(image(1), WriteProgress.SILENT);
    assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    List<String> names = new java.util.ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(first))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        names.add(entry.getName());
        if (entry.getName().startsWith("blobs/sha256/") && entry.isFile()) {
          assertThat(sha256(tar.readAllBytes())).isEqualTo(entry.getName().substring("blobs/sha256/".length()));
        }
      }
    }
    assertThat(names.get(0)).isEqualTo("oci-layout");
    assertThat(names.get(names.size() - 1)).isEqualTo("index.json");
    assertThat(names).hasSize(3 + 4 + 1);
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder("a.tar", "b.tar");
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
