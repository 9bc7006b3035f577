package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.image.model.Compression;
import dev.floxj.image.model.Digest;
import dev.floxj.image.model.RememberedDigests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDigestCacheTest {
  private static final Digest DIFF = new Digest("sha256", "a".repeat(64));
  private static final Digest BLOB = new Digest("sha256", "b".repeat(64));
  private static final String GZIP = LayerCompression.setting(Compression.GZIP);

  @TempDir Path temp;

  private static LayerDigestCache.Entry entry(String identity, Digest diff, long size) {
    return new LayerDigestCache.Entry(
        identity, diff, Map.of("none", new RememberedDigests.Stored(diff, size), GZIP, new RememberedDigests.Stored(BLOB, size / 3)));
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> files = Files.list(temp.resolve(LayerDigestCache.DIRECTORY))) {
      return files.toList();
    }
  }

  @Test
  void anEntryWritten_isRecalledInALaterRun_forTheSameIdentityOnly() {
    LayerDigestCache.under(temp).write(entry("paths A with hashes\nowner 0:0", DIFF, 42));
    LayerDigestCache later = LayerDigestCache.under(temp);
    Optional<RememberedDigests> recalled = later.recall("paths A with hashes\nowner 0:0");
    assertThat(recalled).isPresent();
    assertThat(recalled.get().diffId()).isEqualTo(DIFF);
    assertThat(recalled.get().as(Compression.NONE)).contains(new RememberedDigests.Stored(DIFF, 42));
    assertThat(recalled.get().as(Compression.GZIP)).contains(new RememberedDigests.Stored(BLOB, 14));
    assertThat(recalled.get().as(Compression.ZSTD)).isEmpty();
    assertThat(later.recall("paths A with other hashes\nowner 0:0")).isEmpty();
  }

  @Test
  void aCorruptOrHalfWrittenEntry_isIgnored_andLeavesNoTemporaryFiles() throws Exception {
    LayerDigestCache cache = LayerDigestCache.under(temp);
    cache.write(entry("id", DIFF, 7));
    Path file = cache.file("id");
    String whole = Files.readString(file);
    Files.writeString(file, whole.substring(0, whole.length() / 2));
    assertThat(cache.recall("id")).isEmpty();
    Files.writeString(file, whole.replace("\t7\n", "\t8\n"));
    assertThat(cache.recall("id")).as("a size changed under the checksum").isEmpty();
    Files.writeString(file, "");
    assertThat(cache.recall("id")).isEmpty();
    cache.write(entry("id", DIFF, 7));
    assertThat(cache.recall("id")).isPresent();
    assertThat(files()).hasSize(1).allMatch(p -> !p.getFileName().toString().startsWith("."));
  }

  @Test
  void anUncompressedBlobThatIsNotTheDiffId_isRefused() {
    LayerDigestCache cache = LayerDigestCache.under(temp);
    cache.write(new LayerDigestCache.Entry("id", DIFF, Map.of("none", new RememberedDigests.Stored(BLOB, 7))));
    assertThat(cache.recall("id")).isEmpty();
  }

  @Test
  void concurrentWriters_leaveAWholeEntry_thatEveryReaderSeesWholeOrNotAtAll() throws Exception {
    LayerDigestCache cache = LayerDigestCache.under(temp);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int writer = 0; writer < 4; writer++) {
        long size = 1000 + writer;
        tasks.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            cache.write(entry("shared", DIFF, size));
            cache.recall("shared").ifPresent(r -> assertThat(r.as(Compression.NONE).orElseThrow().size()).isBetween(1000L, 1003L));
          }
          return null;
        }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.recall("shared")).isPresent();
    assertThat(files()).hasSize(1);
  }

  @Test
  void withoutACacheDirectory_nothingIsKept() {
    LayerDigestCache none = LayerDigestCache.under(null);
    none.write(entry("id", DIFF, 7));
    assertThat(none.recall("id")).isEmpty();
  }
}
