package dev.floxj.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.store.StoreTree.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreFilesTest {
  private static final String NAME = "0c6kzph7l0dcbfmjap64f0czdafn3b7x-hello-2.12.1";
  private static final String PACKAGE = "/nix/store/" + NAME;

  @TempDir Path root;

  @Test
  void kind_tellsFilesDirectoriesAndSymlinks_evenDanglingOnes() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("nix/store").resolve(NAME));
    Files.createDirectories(pkg.resolve("etc/ssl/certs"));
    Files.writeString(pkg.resolve("etc/ssl/certs/ca-bundle.crt"), "certificates");
    Files.createSymbolicLink(pkg.resolve("etc/dangling"), pkg.resolve("etc/nowhere"));
    LocalStoreFiles files = new LocalStoreFiles(root);

    assertThat(files.kind(PACKAGE)).isEqualTo(Kind.DIRECTORY);
    assertThat(files.kind(PACKAGE + "/etc/ssl/certs/ca-bundle.crt")).isEqualTo(Kind.REGULAR_FILE);
    assertThat(files.kind(PACKAGE + "/etc/dangling")).isEqualTo(Kind.SYMLINK);
    assertThat(files.kind(PACKAGE + "/etc/absent")).isEqualTo(Kind.MISSING);
  }

  @Test
  void kind_ofAFileBelowAMissingOrNonDirectoryParent_isMissing() throws IOException {
    Path pkg = Files.createDirectories(root.resolve("nix/store").resolve(NAME));
    Files.writeString(pkg.resolve("file"), "not a directory");
    LocalStoreFiles files = new LocalStoreFiles(root);

    assertThat(files.kind(PACKAGE + "/lib/locale/locale-archive")).isEqualTo(Kind.MISSING);
    assertThat(files.kind(PACKAGE + "/file/below")).isEqualTo(Kind.MISSING);
    assertThat(files.kind("/nix/store/1c6kzph7l0dcbfmjap64f0czdafn3b7x-absent/etc"))
        .isEqualTo(Kind.MISSING);
  }
}
