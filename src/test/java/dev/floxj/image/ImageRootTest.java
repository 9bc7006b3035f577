package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.File;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.store.LocalStoreFiles;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRootTest {
  private static final String ENV = "/nix/store/" + "e".repeat(32) + "-demo-floxj-env";
  private static final ImageUser ALICE = ImageUser.parse("alice:devs");

  private static RootFilesystem environment() {
    RootFilesystem env = new RootFilesystem();
    env.put("bin/hello", new Symlink("/nix/store/h-hello/bin/hello"));
    env.put("share", new Directory(0755));
    env.put("etc/ssl", new Symlink("/nix/store/c-cacert/etc/ssl"));
    env.put("etc/passwd", new Symlink("/nix/store/x-evil/etc/passwd"));
    env.put("tmp", new Symlink("/nix/store/x-odd/tmp"));
    env.put("activate", new File(0555, new byte[0]));
    return env;
  }

  @Test
  void build_linksTheEnvironmentsTopLevelFromTheRoot_butNotSystemOrActivationNames() {
    RootFilesystem root = ImageRoot.build(environment(), ENV, ImageUser.ROOT, null);

    assertThat(root.node("bin")).isEqualTo(new Symlink(ENV + "/bin"));
    assertThat(root.node("share")).isEqualTo(new Symlink(ENV + "/share"));
    assertThat(root.node("activate")).isNull();
    assertThat(root.node("tmp")).isInstanceOf(Directory.class);
    assertThat(root.node("etc")).isInstanceOf(Directory.class);
    assertThat(root.node("etc/ssl")).isEqualTo(new Symlink(ENV + "/etc/ssl"));
    assertThat(root.node("etc/passwd")).isInstanceOf(File.class);
    assertThat(root.node(ENV.substring(1) + "/bin/hello"))
        .isEqualTo(new Symlink("/nix/store/h-hello/bin/hello"));
  }

  @Test
  void build_joinsBashAndCoreutilsIntoTheRootBelowTheEnvironment(@TempDir Path temp)
      throws IOException {
    String bash = TestStore.storePath("bash-5.3p15").path();
    String coreutils = TestStore.storePath("coreutils-9.11").path();
    Path bashDir = temp.resolve(bash.substring(1));
    Files.createDirectories(bashDir.resolve("bin"));
    Files.writeString(bashDir.resolve("bin/bash"), "bash");
    Files.createSymbolicLink(bashDir.resolve("bin/sh"), Path.of("bash"));
    Path coreutilsDir = temp.resolve(coreutils.substring(1));
    Files.createDirectories(coreutilsDir.resolve("share/man"));
    Files.createDirectories(coreutilsDir.resolve("bin"));
    Files.writeString(coreutilsDir.resolve("bin/ls"), "ls", StandardCharsets.UTF_8);
    Files.writeString(coreutilsDir.resolve("bin/cat"), "cat");
    RootFilesystem env = environment();
    env.put("bin/ls", new Symlink("/nix/store/b-busybox/bin/ls"));

    RootFilesystem root =
        ImageRoot.build(
            env,
            ENV,
            ImageUser.ROOT,
            null,
            new ImageRoot.RootPackages(
                List.of(bash, coreutils), new LocalStoreFiles(temp), path -> true, w -> {}));

    assertThat(root.node("bin")).isInstanceOf(Directory.class);
    assertThat(root.node("bin/hello")).isEqualTo(new Symlink(ENV + "/bin/hello"));
    assertThat(root.node("bin/ls")).isEqualTo(new Symlink(ENV + "/bin/ls"));
    assertThat(root.node("bin/sh")).isEqualTo(new Symlink(bash + "/bin/sh"));
    assertThat(root.node("bin/bash")).isEqualTo(new Symlink(bash + "/bin/bash"));
    assertThat(root.node("bin/cat")).isEqualTo(new Symlink(coreutils + "/bin/cat"));
    assertThat(root.node("share/man")).isEqualTo(new Symlink(coreutils + "/share/man"));
    // The environment itself does not get them.
    assertThat(root.node(ENV.substring(1) + "/bin/sh")).isNull();
  }

  @Test
  void build_givesTheUserTheStoreTheEnvironmentRunAndTheWorkingDirectory() {
    RootFilesystem root = ImageRoot.build(environment(), ENV, ALICE, "/srv/app/");
    TarOwner alice = ALICE.owner();

    assertThat(root.node("nix").owner()).isEqualTo(alice);
    assertThat(root.node("nix/store").owner()).isEqualTo(alice);
    assertThat(root.node(ENV.substring(1)).owner()).isEqualTo(alice);
    assertThat(root.node(ENV.substring(1) + "/bin/hello").owner()).isEqualTo(alice);
    assertThat(root.node("run").owner()).isEqualTo(alice);
    assertThat(root.node("run/flox").owner()).isEqualTo(alice);
    assertThat(root.node("srv").owner()).isEqualTo(TarOwner.ROOT);
    assertThat(root.node("srv/app")).isEqualTo(new Directory(0755, alice));
    assertThat(root.node("tmp").owner()).isEqualTo(TarOwner.ROOT);
    assertThat(root.node("bin").owner()).isEqualTo(TarOwner.ROOT);
    String passwd = new String(((File) root.node("etc/passwd")).content(), StandardCharsets.UTF_8);
    assertThat(passwd).endsWith("\nalice:x:10000:10000::/var/empty:/bin/sh\n");
    String group = new String(((File) root.node("etc/group")).content(), StandardCharsets.UTF_8);
    assertThat(group).endsWith("\ndevs:x:10000:\n");
  }

  @Test
  void build_workingDirectoryTheImageHas_isLeftAsItIs() {
    RootFilesystem root = ImageRoot.build(environment(), ENV, ALICE, "/tmp");
    assertThat(root.node("tmp")).isEqualTo(new Directory(01777));
  }

  @Test
  void build_workingDirectoryInsideALinkedDirectory_isAClearError() {
    assertThatThrownBy(() -> ImageRoot.build(environment(), ENV, ALICE, "/bin/work"))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("working-dir = \"/bin/work\" in manifest.toml lies inside /bin");
  }

  @Test
  void build_relativeOrEscapingWorkingDirectory_isAClearError() {
    for (String dir : new String[] {"app", "/app/../etc"}) {
      assertThatThrownBy(() -> ImageRoot.build(environment(), ENV, ALICE, dir))
          .as(dir)
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("must be an absolute path without '..'");
    }
  }
}
