package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
  private static final StorePath HELLO = StorePath.of("0123456789abcdfghijklmnpqrsvwxyz-hello-2.12");

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private Console console(Console.Verbosity verbosity) {
    return new Console(new PrintStream(err, true, StandardCharsets.UTF_8), verbosity);
  }

  private String printed() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void plain_printsALinePerDownloadAndASummary() {
    DownloadProgress progress = new DownloadProgress(console(Console.Verbosity.NORMAL), false);
    progress.downloadsPlanned(1, 2048);
    progress.downloadStarted(HELLO, "https://cache.example", 2048);
    progress.bytesDownloaded(2048);
    progress.downloadFinished(HELLO);
    assertThat(printed())
        .startsWith("Downloading " + HELLO + " from https://cache.example (2.0 KiB)...\n")
        .containsPattern("Downloaded 1 path \\(2.0 KiB\\) in \\d+\\.\\d s\\.\n$")
        .doesNotContain("\r");
  }

  @Test
  void terminal_drawsAStatusLineThatMessagesClear() {
    Console console = console(Console.Verbosity.NORMAL);
    DownloadProgress progress = new DownloadProgress(console, true);
    progress.downloadsPlanned(2, 4096);
    console.info("Creating layer 1 from paths: [...]");
    assertThat(printed())
        .startsWith("\r\033[KDownloading [                    ] 0/2 paths, 0 B of 4.0 KiB, 0 B/s")
        .contains("\r\033[KCreating layer 1 from paths: [...]\nDownloading [");
    progress.downloadFinished(HELLO);
    progress.downloadFinished(HELLO);
    assertThat(printed()).containsPattern("\r\033\\[KDownloaded 2 paths \\(0 B\\) in .*\n$");
  }

  @Test
  void quiet_printsNothing() {
    DownloadProgress progress = new DownloadProgress(console(Console.Verbosity.QUIET), true);
    progress.downloadsPlanned(1, 10);
    progress.downloadStarted(HELLO, "https://cache.example", 10);
    progress.downloadFinished(HELLO);
    assertThat(printed()).isEmpty();
  }

  @Test
  void line_showsBarCountsBytesAndRate() {
    assertThat(DownloadProgress.line(3, 12, 5 << 20, 10 << 20, 1.5 * (1 << 20)))
        .isEqualTo("Downloading [##########          ] 3/12 paths, 5.0 MiB of 10.0 MiB, 1.5 MiB/s");
    assertThat(DownloadProgress.amount(1023)).isEqualTo("1023 B");
    assertThat(DownloadProgress.amount(3L << 30)).isEqualTo("3.0 GiB");
  }
}
