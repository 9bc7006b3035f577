package dev.floxj.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileSinkTest {
  @TempDir Path tmp;

  @Test
  void commit_replacesTheTargetOnlyOnceComplete() throws IOException {
    Path target = Files.writeString(tmp.resolve("image.tar"), "old");
    FileSink sink = new FileSink(target);
    try (OutputStream out = sink.open()) {
      out.write("new".getBytes(StandardCharsets.UTF_8));
      assertThat(Files.readString(target)).isEqualTo("old");
      sink.commit();
    }

    assertThat(Files.readString(target)).isEqualTo("new");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void commit_leavesAnImageOthersCanRead() throws IOException {
    Path target = tmp.resolve("image.tar");
    FileSink sink = new FileSink(target);
    try (OutputStream out = sink.open()) {
      out.write(1);
      sink.commit();
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target)))
        .isEqualTo("rw-r--r--");
  }

  @Test
  void abort_leavesNothingBehind() throws IOException {
    FileSink sink = new FileSink(tmp.resolve("image.tar"));
    try (OutputStream out = sink.open()) {
      out.write(1);
      sink.abort();
    }

    try (var files = Files.list(tmp)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aTargetThatIsNotARegularFile_isWrittenInPlace_neverReplaced() throws Exception {
    // A named pipe stands in for /dev/null: renaming a file over either would replace it.
    Path fifo = tmp.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(mkfifo.exitValue()).isZero();
    CompletableFuture<String> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.readString(fifo);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            });

    FileSink sink = new FileSink(fifo);
    try (OutputStream out = sink.open()) {
      out.write("image".getBytes(StandardCharsets.UTF_8));
      sink.commit();
    }

    assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("image");
    assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
    assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(fifo);
    }
  }
}
