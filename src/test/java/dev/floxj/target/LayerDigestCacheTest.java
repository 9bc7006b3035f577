package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.image.model.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDigestCacheTest {
  private static final Digest DIFF = new Digest("sha256", "a".repeat(64));
  private static final Digest BLOB = new Digest("sha256", "b".repeat(64));

  @TempDir Path temp;

  @Test
  void put_thenGet_inALaterRun_givesTheEntry_forTheSameIdentityAndStorage() {
    LayerDigestCache.under(temp).put("paths A with hashes", "gzip level 1", new LayerDigestCache.Entry(DIFF, BLOB, 42));
    LayerDigestCache later = LayerDigestCache.under(temp);
    assertThat(later.get("paths A with hashes", "gzip level 1")).contains(new LayerDigestCache.Entry(DIFF, BLOB, 42));
    assertThat(later.get("paths A with hashes", "none")).isEmpty();
    assertThat(later.get("paths A with other hashes", "gzip level 1")).isEmpty();
  }

  @Test
  void aCorruptOrHalfWrittenEntry_isIgnored_andLeavesNoTemporaryFiles() throws Exception {
    LayerDigestCache cache = LayerDigestCache.under(temp);
    cache.put("id", "none", new LayerDigestCache.Entry(DIFF, DIFF, 7));
    Path entry;
    try (Stream<Path> files = Files.list(temp.resolve("layer-digests/v1"))) {
      entry = files.reduce((a, b) -> b).orElseThrow();
    }
    Files.writeString(entry, "{\"identity\":\"id\",\"storedAs\":\"none\",\"diffId\":\"sha256:" + "a".repeat(64));
    assertThat(cache.get("id", "none")).isEmpty();
    Files.writeString(entry, "{\"identity\":\"id\",\"storedAs\":\"none\",\"diffId\":\"sha256:xyz\",\"digest\":\"sha256:xyz\",\"size\":1}");
    assertThat(cache.get("id", "none")).isEmpty();
    cache.put("id", "none", new LayerDigestCache.Entry(DIFF, DIFF, 7));
    assertThat(cache.get("id", "none")).contains(new LayerDigestCache.Entry(DIFF, DIFF, 7));
    try (Stream<Path> files = Files.list(temp.resolve("layer-digests/v1"))) {
      assertThat(files).allMatch(p -> p.toString().endsWith(".json")).hasSize(1);
    }
  }

  @Test
  void withoutACacheDirectory_nothingIsKept() {
    LayerDigestCache none = LayerDigestCache.under(null);
    none.put("id", "none", new LayerDigestCache.Entry(DIFF, DIFF, 7));
    assertThat(none.get("id", "none")).isEmpty();
  }
}
