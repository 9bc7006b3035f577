package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the {@code bin/floxj} launcher leaves behind on the machine: nothing. */
class LauncherIT {
  @TempDir Path temp;

  @Test
  void launcher_leavesNoJvmPerfDataInTmp() throws Exception {
    String launcher = Path.of(System.getProperty("floxj.launcher", "bin/floxj")).toAbsolutePath().toString();
    Path environment = Files.createDirectories(temp.resolve("env"));
    assertThat(new ProcessBuilder(launcher, "init", "-d", environment.toString()).redirectErrorStream(true)
            .redirectOutput(temp.resolve("init.log").toFile()).start().waitFor()).isZero();
    // The editor says it runs and waits, so the JVM is surely running while its perf data file is
    // looked for.
    Path started = temp.resolve("editor-started");
    Path editor = temp.resolve("editor");
    Files.writeString(editor, "#!/bin/sh\ntouch '" + started + "'\nsleep 3\n");
    editor.toFile().setExecutable(true);
    ProcessBuilder edit = new ProcessBuilder(launcher, "edit", "-d", environment.toString())
        .redirectErrorStream(true).redirectOutput(temp.resolve("edit.log").toFile());
    edit.environment().put("EDITOR", editor.toString());
    edit.environment().put("VISUAL", editor.toString());
    Process floxj = edit.start();
    try {
      for (int i = 0; i < 600 && !Files.exists(started) && floxj.isAlive(); i++) {
        Thread.sleep(50);
      }
      Path perfData = Path.of("/tmp/hsperfdata_" + System.getProperty("user.name"), Long.toString(floxj.pid()));
      assertThat(floxj.isAlive()).as("floxj still running").isTrue();
      assertThat(perfData).doesNotExist();
    } finally {
      floxj.waitFor(20, TimeUnit.SECONDS);
      floxj.destroyForcibly();
    }
  }
}
