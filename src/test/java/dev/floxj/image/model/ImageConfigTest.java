package dev.floxj.image.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
  // The expected texts are what Jackson's ObjectMapper wrote from the same inputs, before the
  // config was written through a bare generator: image digests must not change.

  @Test
  void toJson_isCompact_withSetsAndLabelsSorted_andEmptyFieldsLeftOut() {
    ImageConfig config =
        new ImageConfig(
            Platform.linux("amd64", null),
            Instant.parse("2024-01-02T03:04:05Z"),
            new ContainerConfig(
                List.of("A=1", "PATH=/x:/y", "Q=\"quoted\" \\ é ☃ \u0001"),
                List.of("/bin/sh", "-c"),
                List.of("echo hi"),
                "/work dir",
                "1000:1000",
                List.of("80/tcp", "443/tcp", "53/udp"),
                List.of("/data", "/a"),
                Map.of("z", "last", "a", "first é", "m", ""),
                "SIGTERM"));

    assertThat(text(config.toJson(List.of(digest("aa"), digest("bb")), List.of("one", "two \"q\""))))
        .isEqualTo(
            "{\"created\":\"2024-01-02T03:04:05Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[\"A=1\",\"PATH=/x:/y\",\"Q=\\\"quoted\\\" \\\\ é ☃ \\u0001\"],"
                + "\"Entrypoint\":[\"/bin/sh\",\"-c\"],\"Cmd\":[\"echo hi\"],\"WorkingDir\":\"/work dir\","
                + "\"User\":\"1000:1000\",\"ExposedPorts\":{\"443/tcp\":{},\"53/udp\":{},\"80/tcp\":{}},"
                + "\"Volumes\":{\"/a\":{},\"/data\":{}},\"Labels\":{\"a\":\"first é\",\"m\":\"\",\"z\":\"last\"},"
                + "\"StopSignal\":\"SIGTERM\"},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\","
                + "\"sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\"]},\"history\":[{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"floxj\","
                + "\"comment\":\"one\"},{\"created\":\"2024-01-02T03:04:05Z\",\"created_by\":\"floxj\","
                + "\"comment\":\"two \\\"q\\\"\"}]}");
  }

  @Test
  void toJson_ofAnEmptyConfig_keepsEmptyListsButNoEmptyTextsSetsOrLabels() {
    assertThat(text(new ImageConfig(Platform.linux("arm64", null), Instant.EPOCH, ContainerConfig.EMPTY).toJson(List.of(), List.of())))
        .isEqualTo(
            "{\"created\":\"1970-01-01T00:00:00Z\",\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]},\"history\":[]}");
    ImageConfig blanks =
        new ImageConfig(
            Platform.linux("amd64", null),
            Instant.parse("2024-01-02T03:04:05.123Z"),
            new ContainerConfig(List.of(), List.of(), List.of(), "", "", List.of(), List.of(), Map.of(), ""));
    assertThat(text(blanks.toJson(List.of(digest("cc")), List.of("c"))))
        .isEqualTo(
            "{\"created\":\"2024-01-02T03:04:05.123Z\",\"architecture\":\"amd64\",\"os\":\"linux\","
                + "\"config\":{\"Env\":[],\"Entrypoint\":[],\"Cmd\":[]},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[\"sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc\"]},\"history\":[{\"created\":\"2024-01-02T03:04:05.123Z\","
                + "\"created_by\":\"floxj\",\"comment\":\"c\"}]}");
  }

  private static String text(byte[] json) {
    return new String(json, StandardCharsets.UTF_8);
  }

  private static Digest digest(String hexByte) {
    return new Digest("sha256", hexByte.repeat(32));
  }
}
