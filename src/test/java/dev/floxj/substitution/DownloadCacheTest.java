package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadCacheTest {
  @TempDir Path temp;

  @Test
  void deleteUnfinished_asTheShutdownHookDoesOnAnInterrupt_removesDownloadsInProgressOnly() throws Exception {
    DownloadCache cache = new DownloadCache(temp);
    Path inProgress = cache.newTemporaryFile(".nar");
    Path finished = cache.newTemporaryFile(".nar");
    Files.writeString(finished, "verified");
    NixHash hash = NixHash.ofDigest(dev.floxj.Sha256.newDigest().digest("verified".getBytes()));
    Path kept = cache.commitNar(finished, hash);

    DownloadCache.deleteUnfinished();

    assertThat(inProgress).doesNotExist();
    assertThat(kept).hasContent("verified");
    try (var left = Files.list(temp.resolve("v1/tmp"))) {
      assertThat(left).isEmpty();
    }
  }
}
