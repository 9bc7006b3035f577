package dev.floxj.containerize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.manifest.FloxData;
import dev.floxj.manifest.Lockfile;
import dev.floxj.manifest.LockfileParser;
import dev.floxj.store.StorePath;
import dev.floxj.resolution.BuiltInImageTools;
import dev.floxj.resolution.ImageTools;
import dev.floxj.resolution.ImageToolsSource;
import dev.floxj.resolution.TargetSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageToolsChoiceTest {
  private final List<String> details = new ArrayList<>();

  private ImageTools choose(ImageToolsSource source, TargetSystem system) {
    // No PATH: no Nix, so the defaults cannot ask a catalog.
    return ImageToolsChoice.choose(
        source, FloxData.lockfile("hello"), system, "nixpkgs", Path.of("/"), false, Map.of(), details::add);
  }

  @Test
  void aFloxWrittenLockWithoutNix_getsTheBuiltInStorePathsOfTheTargetSystem() {
    for (TargetSystem system : TargetSystem.values()) {
      assertThat(choose(ImageToolsSource.DEFAULT, system))
          .isEqualTo(BuiltInImageTools.forSystem(system));
    }
    assertThat(details)
        .contains(
            "The image's bash, coreutils, CA bundle and locales come from floxj's built-in store"
                + " paths.");
  }

  @Test
  void aLockWithAllFour_givesThemWithoutAskingAnyone() {
    StringBuilder entries = new StringBuilder();
    for (String id : Lockfile.ACTIVATION_INSTALL_IDS) {
      entries.append(entries.length() == 0 ? "" : ",")
          .append("{\"install_id\": \"").append(id).append("\", \"system\": \"x86_64-linux\",")
          .append(" \"attr_path\": \"").append(id).append("\", \"outputs_to_install\": [\"out\"],")
          .append(" \"outputs\": {\"out\": \"").append(FloxData.storePath(id)).append("\"}}");
    }
    Lockfile lockfile =
        LockfileParser.parse(
            "{\"lockfile-version\": 1, \"manifest\": {\"version\": 1}, \"packages\": [],"
                + " \"floxj-activation-packages\": [" + entries + "]}",
            "manifest.lock");

    ImageTools tools =
        ImageToolsChoice.choose(
            ImageToolsSource.DEFAULT, lockfile, TargetSystem.X86_64_LINUX, "nixpkgs", Path.of("/"),
            false, Map.of(), details::add);

    assertThat(tools.complete()).isTrue();
    assertThat(tools.source()).isEqualTo("the lock");
    assertThat(tools.cacert()).contains(StorePath.of(FloxData.storePath("cacert")));
  }

  @Test
  void none_givesNothing() {
    assertThat(choose(ImageToolsSource.choose("none", Map.of()), TargetSystem.X86_64_LINUX))
        .isEqualTo(ImageTools.NONE);
  }
}
