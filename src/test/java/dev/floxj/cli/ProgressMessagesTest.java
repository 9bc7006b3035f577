package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The per-layer lines, the write progress on a terminal, and the spinner while Nix works. */
class ProgressMessagesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private Console console(Console.Verbosity verbosity) {
    return new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), verbosity);
  }

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static List<StorePath> paths(int count) {
    List<StorePath> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String alphabet = "0123456789abcdfghijklmnpqrsvwxyz"; // Nix's base-32
      paths.add(StorePath.of("/nix/store/" + alphabet.substring(0, 31) + alphabet.charAt(i) + "-p" + i));
    }
    return paths;
  }

  @Test
  void shortPathLists_areTheSeedsLines() {
    new ProgressMessages(console(Console.Verbosity.NORMAL), false).storeLayer(1, paths(2));
    assertThat(output())
        .isEqualTo("Creating layer 1 from paths: ['" + paths(2).get(0) + "', '" + paths(2).get(1) + "']\n");
  }

  @Test
  void longPathLists_areShortened_unlessVerbose() {
    new ProgressMessages(console(Console.Verbosity.NORMAL), false).storeLayer(9, paths(20));
    assertThat(output()).startsWith("Creating layer 9 from paths: ['" + paths(20).get(0) + "', ")
        .endsWith("', ... 17 more (-v lists them)]\n");
    bytes.reset();
    new ProgressMessages(console(Console.Verbosity.VERBOSE), false).storeLayer(9, paths(20));
    assertThat(output()).contains(paths(20).get(19).toString()).doesNotContain("more");
  }

  @Test
  void onATerminal_theStatusLineShowsLayersBytesAndRate_andIsClearedAtTheEnd() throws InterruptedException {
    AtomicLong written = new AtomicLong(3 * 1024 * 1024);
    try (ProgressMessages progress = new ProgressMessages(console(Console.Verbosity.NORMAL), true)) {
      progress.started(4, written::get);
      progress.storeLayer(2, paths(1));
      Thread.sleep(700);
      progress.done();
    }
    String out = output();
    assertThat(out).contains("\r\033[KWriting layer 2/4, 3.0 MiB, ").contains(" MiB/s");
    assertThat(out).endsWith("\r\033[KAdding manifests...\n".substring(0, 0) + "Done.\n");
  }

  @Test
  void notOnATerminal_orQuiet_thereIsNoStatusLine() throws InterruptedException {
    try (ProgressMessages progress = new ProgressMessages(console(Console.Verbosity.NORMAL), false)) {
      progress.started(1, () -> 10);
      Thread.sleep(300);
    }
    assertThat(output()).doesNotContain("Writing layer");
    try (ProgressMessages progress = new ProgressMessages(console(Console.Verbosity.QUIET), true)) {
      progress.started(1, () -> 10);
      progress.storeLayer(1, paths(1));
      Thread.sleep(300);
    }
    assertThat(output()).isEmpty();
  }

  @Test
  void spinner_showsOnlyWhenNixTakesAWhile_onATerminal() {
    Console console = console(Console.Verbosity.NORMAL);
    assertThat(Spinner.during(console, true, "Locking environment 'x'...", () -> "quick")).isEqualTo("quick");
    assertThat(output()).isEmpty();
    Spinner.during(console, true, "Locking environment 'x'...", () -> sleep(800));
    assertThat(output()).contains(" Locking environment 'x'...").endsWith("\r\033[K");
    bytes.reset();
    Spinner.during(console, false, "Locking environment 'x'...", () -> sleep(500));
    assertThat(output()).isEmpty();
  }

  private static Object sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return null;
  }
}
