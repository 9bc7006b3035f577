package dev.floxj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.testing.Subprocess;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive that {@code ./mvnw package} writes, unpacked elsewhere and run through a
 * symlink on PATH, as a user installs it: its layout, and that it runs and containerizes.
 */
class ReleaseArchiveIT {
  private static final Path ARCHIVE =
      Path.of(System.getProperty("floxj.release", "target/floxj-" + System.getProperty("floxj.version", "0.1.0") + ".tar.gz"));

  @TempDir Path temp;

  private Path unpack() {
    assertThat(ARCHIVE).as("the release archive; ./mvnw package writes it").exists();
    Path into = temp.resolve("opt");
    try {
      Files.createDirectories(into);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Subprocess.of("tar", "-xzf", ARCHIVE.toAbsolutePath().toString(), "-C", into.toString()).run().assertSuccess();
    try (Stream<Path> top = Files.list(into)) {
      return top.findFirst().orElseThrow();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void archive_holdsLauncherJarCompletionsManPagesAndNotices() throws IOException {
    List<String> names = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new java.util.zip.GZIPInputStream(Files.newInputStream(ARCHIVE)))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        names.add(entry.getName().substring(entry.getName().indexOf('/') + 1));
        if (entry.getName().endsWith("/bin/floxj")) {
          assertThat(entry.getMode() & 0111).isNotZero();
        }
      }
    }
    assertThat(names)
        .contains(
            "bin/floxj", "lib/floxj.jar", "LICENSE", "NOTICE", "README.md",
            "share/bash-completion/completions/floxj", "share/zsh/site-functions/_floxj",
            "share/fish/vendor_completions.d/floxj.fish",
            "share/man/man1/floxj.1", "share/man/man1/floxj-containerize.1",
            "lib/native/Linux/x86_64/libsqlitejdbc.so");
    Path home = unpack();
    assertThat(Files.readString(home.resolve("NOTICE")))
        .contains("floxj", "Apache Commons Compress", "Jackson"); // the bundled libraries' notices, merged
  }

  @Test
  void jar_keepsSqliteLibrariesOfFloxjsPlatformsOnly() throws IOException {
    List<String> natives = new ArrayList<>();
    Path home = unpack();
    try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(home.resolve("lib/floxj.jar").toFile())) {
      jar.stream()
          .map(java.util.zip.ZipEntry::getName)
          .filter(name -> name.startsWith("org/sqlite/native/") && !name.endsWith("/"))
          .forEach(natives::add);
    }
    assertThat(natives)
        .containsExactlyInAnyOrder(
            "org/sqlite/native/Linux/x86_64/libsqlitejdbc.so",
            "org/sqlite/native/Linux/aarch64/libsqlitejdbc.so",
            "org/sqlite/native/Linux-Musl/x86_64/libsqlitejdbc.so",
            "org/sqlite/native/Linux-Musl/aarch64/libsqlitejdbc.so",
            "org/sqlite/native/Mac/x86_64/libsqlitejdbc.dylib",
            "org/sqlite/native/Mac/aarch64/libsqlitejdbc.dylib");
  }

  @Test
  void unpackedElsewhere_andLinkedOntoPath_runsAndContainerizes() throws IOException {
    Path home = unpack();
    Path bin = Files.createDirectories(temp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("floxj"), home.resolve("bin/floxj"));
    Path userHome = Files.createDirectories(temp.resolve("home"));
    Path work = Files.createDirectories(temp.resolve("work"));

    Subprocess.Result version =
        Subprocess.of(bin.resolve("floxj").toString(), "--version")
            .env("HOME", userHome.toString())
            .directory(work)
            .run()
            .assertSuccess();
    assertThat(version.stdout()).startsWith("floxj ");
    // The first run of an installation made its start-up archive in the user's cache.
    try (Stream<Path> archives = Files.list(userHome.resolve(".cache/floxj/cds"))) {
      assertThat(archives.map(p -> p.getFileName().toString())).singleElement().asString().endsWith(".jsa");
    }

    Path training = Path.of("src/cds-training").toAbsolutePath();
    Path image = work.resolve("image.tar");
    Subprocess.of(
            bin.resolve("floxj").toString(), "containerize", "-q",
            "-d", training.resolve("env").toString(), "--store", training.resolve("store").toString(), "--image-tools", "none",
            "-f", image.toString())
        .env("HOME", userHome.toString())
        .directory(work)
        .run()
        .assertSuccess();
    List<String> entries = new ArrayList<>();
    try (InputStream in = Files.newInputStream(image);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.add(entry.getName());
      }
    }
    assertThat(entries).contains("manifest.json");
  }
}
