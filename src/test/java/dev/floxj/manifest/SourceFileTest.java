package dev.floxj.manifest;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFileTest {
  @TempDir Path temp;

  @Test
  void read_aFileOver2GiB_isOneSentence_notOutOfMemory() throws Exception {
    Path huge = temp.resolve("flox.nix");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(3L << 30); // sparse: no disk space used
    }

    assertThatThrownBy(() -> FloxNixParser.parse(huge))
        .isInstanceOf(FloxjException.class)
        .hasMessage(huge + " is larger than 64 MiB, far more than any manifest or lock holds; check that it is the file meant.");
  }

  @Test
  void read_aFifo_isRefusedWithoutBlocking() throws Exception {
    Path fifo = temp.resolve("manifest.toml");
    Assertions.assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());

    Assertions.assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            assertThatThrownBy(() -> ManifestParser.parse(fifo))
                .isInstanceOf(FloxjException.class)
                .hasMessageContaining(fifo + " is not a regular file (a FIFO or device)"));
  }

  @Test
  void read_aDirectory_saysItIsADirectory() throws Exception {
    Path directory = Files.createDirectories(temp.resolve("manifest.lock"));

    assertThatThrownBy(() -> LockfileParser.parse(directory))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith(directory + " is a directory, not the file floxj expects there");
  }

  @Test
  void read_anUnreadableFile_givesTheReason() throws Exception {
    // /proc/self/mem refuses to be read from its start, for root as well (EIO).
    assertThatThrownBy(() -> ManifestParser.parse(Path.of("/proc/self/mem")))
        .isInstanceOf(FloxjException.class)
        .hasMessageStartingWith("/proc/self/mem cannot be read (")
        .hasMessageNotContaining("cannot be read (/proc/self/mem)");
  }
}
