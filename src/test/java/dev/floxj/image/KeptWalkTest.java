package dev.floxj.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.tar.TarEntry;
import dev.floxj.tar.TarOwner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeptWalkTest {
  private static final TarOwner OWNER = new TarOwner(1000, 100, "flox", "flox");
  private static final String STORE = "/nix/store/0c0mzj2b8hrhbgpss1mdkh1ixs45w3wh-hello-2.12";

  @Test
  void replay_givesBackEveryEntryAsAdded_acrossChunks() throws IOException {
    List<TarEntry> entries = new ArrayList<>();
    entries.add(TarEntry.directory(STORE, 0555, OWNER, 1));
    entries.add(TarEntry.symlink(STORE + "/lib64", "lib", 0777, OWNER, 1));
    entries.add(TarEntry.file(STORE + "/\u00fcber/\uD83D\uDE00", 0444, 8L << 30, OWNER, 1));
    entries.add(TarEntry.file(STORE + "/" + "n".repeat(KeptWalk.CHUNK_SIZE), 0555, 0, OWNER, 1));
    for (int i = 0; i < 2000; i++) {
      entries.add(TarEntry.file(STORE + "/share/doc/file-" + i, 0444, i, OWNER, 1));
    }
    KeptWalk walk = new KeptWalk(1 << 20);
    entries.forEach(walk::add);

    assertThat(walk.bytes()).isGreaterThan(2L * KeptWalk.CHUNK_SIZE);
    List<TarEntry> replayed = new ArrayList<>();
    walk.replay(OWNER, 1, replayed::add);

    assertThat(replayed).isEqualTo(entries);
    assertThat(walk.bytes()).isZero(); // its chunks went back to the pool
  }

  @Test
  void aWalkPastItsLimit_keepsNothing() {
    KeptWalk walk = new KeptWalk(2L * KeptWalk.CHUNK_SIZE);
    for (int i = 0; i < 1000; i++) {
      walk.add(TarEntry.file(STORE + "/share/doc/file-" + i, 0444, i, OWNER, 1));
    }

    assertThat(walk.overflowed()).isTrue();
    assertThat(walk.bytes()).isZero();
  }

  @Test
  void replay_givesTheEntriesTheLayersOwnerAndMtime() throws IOException {
    KeptWalk walk = new KeptWalk(1 << 20);
    walk.add(TarEntry.file(STORE + "/f", 0444, 3, TarOwner.ROOT, 1));
    List<TarEntry> replayed = new ArrayList<>();

    walk.replay(OWNER, 7, replayed::add);

    assertThat(replayed).containsExactly(TarEntry.file(STORE + "/f", 0444, 3, OWNER, 7));
  }
}
