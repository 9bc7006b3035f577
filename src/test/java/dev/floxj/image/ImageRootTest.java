package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.image.RootFilesystem.Directory;
import dev.floxj.image.RootFilesystem.File;
import dev.floxj.image.RootFilesystem.Symlink;
import dev.floxj.tar.TarOwner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

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
