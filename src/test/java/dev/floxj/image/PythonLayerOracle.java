package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;

/** Runs layer_oracle.py, which writes a layer with Python's tarfile as nixpkgs does. */
final class PythonLayerOracle {
  private final Path script;

  private PythonLayerOracle(Path script) {
    this.script = script;
  }

  /**
   * The oracle, or a skipped test when python3 is missing; on CI ({@code CI=true}) a missing
   * python3 fails instead, so byte identity is never silently unchecked there.
   */
  static PythonLayerOracle create(Path workDir) throws IOException {
    boolean onCi = "true".equals(System.getenv("CI"));
    if (!onCi) {
      Assumptions.assumeTrue(python3Runs(), "python3 is not available");
    }
    Path script = workDir.resolve("layer_oracle.py");
    try (InputStream in = PythonLayerOracle.class.getResourceAsStream("layer_oracle.py")) {
      Files.copy(in, script);
    }
    return new PythonLayerOracle(script);
  }

  byte[] layer(Path storeRoot, List<StorePath> storePaths, TarOwner owner, long mtime)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "python3",
            script.toString(),
            storeRoot.toString(),
            Long.toString(mtime),
            Long.toString(owner.uid()),
            Long.toString(owner.gid()),
            owner.uname(),
            owner.gname()));
    storePaths.forEach(path -> command.add(path.path()));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("PYTHONUTF8", "1");
    Process process = builder.start();
    CompletableFuture<byte[]> stderr =
        CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    byte[] tar = process.getInputStream().readAllBytes();
    int exit = process.waitFor();
    assertThat(exit)
        .as("layer_oracle.py failed: %s", new String(stderr.join(), StandardCharsets.UTF_8))
        .isZero();
    return tar;
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean python3Runs() {
    try {
      Process process =
          new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
