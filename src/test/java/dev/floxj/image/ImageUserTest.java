package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import dev.floxj.tar.TarOwner;
import org.junit.jupiter.api.Test;

class ImageUserTest {

  @Test
  void parse_notSet_isRoot() {
    assertThat(ImageUser.parse(null)).isEqualTo(ImageUser.ROOT);
    assertThat(ImageUser.ROOT.owner()).isEqualTo(TarOwner.ROOT);
  }

  @Test
  void parse_rootSpellings_areRoot_withoutExtraLines() {
    for (String value : new String[] {"root", "0", "root:root", "0:0", "root:0", "0:root"}) {
      ImageUser user = ImageUser.parse(value);
      assertThat(user).as(value).isEqualTo(ImageUser.ROOT);
      assertThat(user.isRoot()).isTrue();
      assertThat(user.passwdLine()).isEmpty();
      assertThat(user.groupLine()).isEmpty();
    }
  }

  @Test
  void parse_name_getsDefaultIdsAndFloxsGroup() {
    ImageUser user = ImageUser.parse("alice");
    assertThat(user).isEqualTo(new ImageUser("alice", 10000, "flox", 10000));
    assertThat(user.passwdLine()).contains("alice:x:10000:10000::/var/empty:/bin/sh");
    assertThat(user.groupLine()).contains("flox:x:10000:");
    assertThat(user.owner()).isEqualTo(new TarOwner(10000, 10000, "alice", "flox"));
  }

  @Test
  void parse_uid_getsFloxsName() {
    assertThat(ImageUser.parse("1234")).isEqualTo(new ImageUser("flox", 1234, "flox", 10000));
  }

  @Test
  void parse_nameAndGroup_andIdsAndMixtures() {
    assertThat(ImageUser.parse("alice:devs")).isEqualTo(new ImageUser("alice", 10000, "devs", 10000));
    assertThat(ImageUser.parse("1000:2000")).isEqualTo(new ImageUser("flox", 1000, "flox", 2000));
    assertThat(ImageUser.parse("alice:2000")).isEqualTo(new ImageUser("alice", 10000, "flox", 2000));
    assertThat(ImageUser.parse("1000:devs")).isEqualTo(new ImageUser("flox", 1000, "devs", 10000));
  }

  @Test
  void parse_builtInUsersAndGroups_addNoLines() {
    ImageUser nobody = ImageUser.parse("nobody");
    assertThat(nobody).isEqualTo(new ImageUser("nobody", 65534, "nobody", 65534));
    assertThat(nobody.passwdLine()).isEmpty();
    assertThat(nobody.groupLine()).isEmpty();
    ImageUser inRootGroup = ImageUser.parse("alice:root");
    assertThat(inRootGroup.passwdLine()).contains("alice:x:10000:0::/var/empty:/bin/sh");
    assertThat(inRootGroup.groupLine()).isEmpty();
  }

  @Test
  void parse_invalidValues_areClearErrors() {
    for (String value :
        new String[] {"-foo", "", ":", "alice:", ":devs", "a:b:c", "al ice", "9999999999", "1x", "a".repeat(33)}) {
      assertThatThrownBy(() -> ImageUser.parse(value))
          .as(value)
          .isInstanceOf(FloxjException.class)
          .hasMessageContaining("[containerize.config] user = \"" + value + "\" in manifest.toml")
          .hasMessageContaining("NAME, NAME:GROUP, UID or UID:GID");
    }
  }
}
