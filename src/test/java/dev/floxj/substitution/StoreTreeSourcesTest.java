package dev.floxj.substitution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.Sha256;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StorePath;
import dev.floxj.store.StoreTree.Kind;
import dev.floxj.testing.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA bundle and locale look-ups get the same answer for a store path in the local store and
 * for the same path as a NAR in the download cache (written by Nix itself, {@code nix-store
 * --dump}), symlinks on the way never being followed, not even into the build host's files.
 */
class StoreTreeSourcesTest {
  private static final String NAME = "0c6kzph7l0dcbfmjap64f0czdafn3b7x-cacert-3.95";
  private static final String PATH = "/nix/store/" + NAME;

  @TempDir Path temp;

  @Test
  void kind_isTheSameForTheLocalStoreAndACachedNar_withSymlinksOnTheWayNotFollowed() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("host/etc/ssl/certs"));
    Files.writeString(outside.resolve("ca-bundle.crt"), "the build host's certificates");
    Path root = temp.resolve("root");
    Path pkg = Files.createDirectories(root.resolve("nix/store").resolve(NAME));
    Files.createSymbolicLink(pkg.resolve("etc"), temp.resolve("host/etc")); // leaves the store
    Files.createDirectories(pkg.resolve("share/real/certs"));
    Files.writeString(pkg.resolve("share/real/certs/ca-bundle.crt"), "certificates");
    Files.createSymbolicLink(pkg.resolve("share/linked"), Path.of("real")); // inside the path
    Files.createSymbolicLink(pkg.resolve("share/real/certs/link.crt"), Path.of("ca-bundle.crt"));
    Files.createDirectories(pkg.resolve("lib/locale"));
    Files.writeString(pkg.resolve("lib/locale/locale-archive"), "locales");

    Path nar = temp.resolve("path.nar");
    Process dump =
        new ProcessBuilder(
                Prerequisites.requireOnPath("nix-store", "apt-get install nix-bin").toString(),
                "--dump",
                pkg.toString())
            .redirectOutput(nar.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    assertThat(dump.waitFor()).isZero();
    byte[] bytes = Files.readAllBytes(nar);
    NarInfo info =
        new NarInfo(
            StorePath.of(PATH), "nar/x.nar", "none", null, bytes.length,
            NixHash.ofDigest(Sha256.newDigest().digest(bytes)), bytes.length,
            List.of(), null, List.of(), null);
    CachedNar cached = new CachedNar(StorePath.of(PATH), nar, info);
    LocalStoreFiles local = new LocalStoreFiles(root);

    for (String relative :
        List.of(
            "etc",
            "etc/ssl/certs/ca-bundle.crt",
            "share/real/certs/ca-bundle.crt",
            "share/real/certs/link.crt",
            "share/linked",
            "share/linked/certs/ca-bundle.crt",
            "lib/locale/locale-archive",
            "lib/locale/absent",
            "absent/below")) {
      assertThat(local.kind(PATH + "/" + relative)).as(relative).isEqualTo(cached.kind(relative));
    }
    assertThat(local.kind(PATH + "/etc/ssl/certs/ca-bundle.crt")).isEqualTo(Kind.MISSING);
    assertThat(local.kind(PATH + "/share/linked/certs/ca-bundle.crt")).isEqualTo(Kind.MISSING);
    assertThat(local.kind(PATH + "/share/real/certs/link.crt")).isEqualTo(Kind.SYMLINK);
    assertThat(local.kind(PATH + "/lib/locale/locale-archive")).isEqualTo(Kind.REGULAR_FILE);
  }
}
