package dev.floxj.target.dockerarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floxj.FloxjException;
import dev.floxj.image.model.ContainerConfig;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.Platform;
import dev.floxj.target.WriteProgress;
import dev.floxj.image.CustomisationLayer;
import dev.floxj.image.model.Image;
import dev.floxj.image.model.ImageConfig;
import dev.floxj.image.model.Layer;
import dev.floxj.image.model.ImageReference;
import dev.floxj.image.model.LayerContent;
import dev.floxj.image.RootFilesystem;
import dev.floxj.image.SystemFiles;
import dev.floxj.store.StorePath;
import dev.floxj.target.TestLayers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class DockerArchiveWriterTest {
  private static final List<ImageReference> TAGS = List.of(new ImageReference("hello", "v1"));
  private static final StorePath HELLO = StorePath.of("/nix/store/" + "1".repeat(32) + "-hello-1.0");

  private static Image image() {
    RootFilesystem root = new RootFilesystem();
    SystemFiles.addTo(root);
    byte[] storeLayer = new byte[10240];
    storeLayer[0] = 42;
    return new Image(
        new ImageConfig(
            Platform.linux("amd64", null),
            Instant.ofEpochSecond(1),
            new ContainerConfig(null, null, List.of("hello"), null, null, List.of("80/tcp"), null, Map.of("b", "2", "a", "1"), null)),
        List.of(
            new Layer(TestLayers.fixed(storeLayer), List.of(HELLO)),
            new Layer(new CustomisationLayer(root, 1), List.of())));
  }

  private static Map<String, byte[]> write(Image image, List<String> events) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new DockerArchiveWriter(new RecordingProgress(events)).write(image, TAGS, out);
    assertThat(out.size() % 10240).isZero();
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        entries.put(entry.getName(), tar.readAllBytes());
      }
    }
    return entries;
  }

  @Test
  void write_layersThenConfigThenManifest_withDigestsThatMatch() throws Exception {
    List<String> events = new ArrayList<>();
    Map<String, byte[]> entries = write(image(), events);

    List<String> names = List.copyOf(entries.keySet());
    assertThat(names).hasSize(4);
    assertThat(names.subList(0, 2)).containsExactly("001/layer.tar", "002/layer.tar");
    assertThat(names.get(3)).isEqualTo("manifest.json");
    String configName = names.get(2);
    assertThat(configName).isEqualTo(sha256(entries.get(configName)) + ".json");

    JsonNode manifest = new ObjectMapper().readTree(entries.get("manifest.json"));
    assertThat(manifest.get(0).get("Config").asText()).isEqualTo(configName);
    assertThat(manifest.get(0).get("RepoTags").get(0).asText()).isEqualTo("hello:v1");
    assertThat(manifest.get(0).get("Layers").get(1).asText()).isEqualTo("002/layer.tar");

    JsonNode config = new ObjectMapper().readTree(entries.get(configName));
    assertThat(config.get("rootfs").get("diff_ids").get(0).asText()).isEqualTo("sha256:" + sha256(entries.get("001/layer.tar")));
    assertThat(config.get("rootfs").get("diff_ids").get(1).asText()).isEqualTo("sha256:" + sha256(entries.get("002/layer.tar")));
    assertThat(config.get("history")).hasSize(2);
    assertThat(config.get("history").get(0).get("comment").asText()).contains(HELLO.path());
    assertThat(config.get("created").asText()).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(config.get("config").get("Cmd").get(0).asText()).isEqualTo("hello");
    assertThat(config.get("config").get("ExposedPorts").has("80/tcp")).isTrue();
    assertThat(iterable(config.get("config").get("Labels").fieldNames())).containsExactly("a", "b");

    // Digests are computed behind the writing, so they are reported once all layers are out.
    assertThat(events).containsExactly("store 1 [" + HELLO + "]", "customisation 2", "written 1", "written 2", "manifests", "done");
  }

  @Test
  void layerFile_hasAtLeastThreeDigits_likePercent03d() {
    for (int number : new int[] {1, 9, 10, 99, 100, 125, 999, 1000, 12345}) {
      assertThat(DockerArchiveWriter.layerFile(number))
          .isEqualTo(String.format(java.util.Locale.ROOT, "%03d/layer.tar", number));
    }
  }

  @Test
  void write_sameImageTwice_sameBytes() throws IOException {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    new DockerArchiveWriter(new RecordingProgress(new ArrayList<>())).write(image(), TAGS, first);
    new DockerArchiveWriter(new RecordingProgress(new ArrayList<>())).write(image(), TAGS, second);
    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
  }

  @Test
  @Timeout(60)
  void aLayerThatFailsWhileStreaming_failsTheWrite_withItsOwnError() {
    LayerContent failing = TestLayers.failingMidway();
    Image image =
        new Image(image().config(), List.of(new Layer(failing, List.of(HELLO))));

    assertThatThrownBy(
            () ->
                new DockerArchiveWriter(new RecordingProgress(new ArrayList<>()))
                    .write(image, TAGS, new ByteArrayOutputStream()))
        .isInstanceOf(FloxjException.class)
        .hasMessage(TestLayers.FAILURE);
  }

  @Test
  void customisationLayer_sizeIsWhatItWrites() throws IOException {
    RootFilesystem root = new RootFilesystem();
    SystemFiles.addTo(root);
    root.put("bin/hello", new RootFilesystem.Symlink(HELLO.path() + "/bin/hello"));
    CustomisationLayer layer = new CustomisationLayer(root, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layer.writeTo(out);
    assertThat(out.size()).isEqualTo(layer.size());
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
        names.add(entry.getName() + (entry.isSymbolicLink() ? " -> " + entry.getLinkName() : "") + " " + Integer.toOctalString(entry.getMode()));
      }
    }
    assertThat(names)
        .containsExactly(
            "bin/ 755",
            "bin/hello -> " + HELLO.path() + "/bin/hello 777",
            "etc/ 755",
            "etc/group 644",
            "etc/nsswitch.conf 644",
            "etc/passwd 644",
            "run/ 1770",
            "run/flox/ 1770",
            "tmp/ 1777");
  }

  private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
    return () -> iterator;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private record RecordingProgress(List<String> events) implements WriteProgress {
    @Override
    public void storeLayer(int number, List<StorePath> paths) {
      events.add("store " + number + " " + paths);
    }

    @Override
    public void customisationLayer(int number) {
      events.add("customisation " + number);
    }

    @Override
    public void layerWritten(int number, Digest diffId, long size) {
      events.add("written " + number);
    }

    @Override
    public void manifests() {
      events.add("manifests");
    }

    @Override
    public void done() {
      events.add("done");
    }
  }
}
