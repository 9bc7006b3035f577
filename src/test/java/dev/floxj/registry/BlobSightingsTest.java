package dev.floxj.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floxj.image.model.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobSightingsTest {
  private static final Digest D1 = new Digest("sha256", "1".repeat(64));
  private static final Digest D2 = new Digest("sha256", "2".repeat(64));

  @TempDir Path temp;

  @Test
  void saved_sightings_areFoundByALaterRun_forAnotherRepositoryOfTheSameRegistry() {
    Path file = temp.resolve("cache/registry-blobs.json");
    BlobSightings first = BlobSightings.load(file);
    first.saw("r:5000", "team/one", D1);
    first.save();
    BlobSightings later = BlobSightings.load(file);
    assertThat(later.otherRepository("r:5000", "team/two", D1)).contains("team/one");
    assertThat(later.otherRepository("r:5000", "team/one", D1)).isEmpty();
    assertThat(later.otherRepository("other:5000", "team/two", D1)).isEmpty();
    assertThat(later.otherRepository("r:5000", "team/two", D2)).isEmpty();
  }

  @Test
  void save_mergesWithWhatAnotherRunWroteMeanwhile() {
    Path file = temp.resolve("s.json");
    BlobSightings a = BlobSightings.load(file);
    BlobSightings b = BlobSightings.load(file);
    a.saw("r", "x", D1);
    b.saw("r", "y", D2);
    a.save();
    b.save();
    BlobSightings both = BlobSightings.load(file);
    assertThat(both.otherRepository("r", "z", D1)).contains("x");
    assertThat(both.otherRepository("r", "z", D2)).contains("y");
  }

  @Test
  void load_ofACorruptFile_isEmpty_andSaveReplacesIt() throws Exception {
    Path file = temp.resolve("s.json");
    Files.writeString(file, "{\"version\":1,\"registries\":{\"r\":{\"not-a-digest\":[\"x\"],");
    BlobSightings sightings = BlobSightings.load(file);
    assertThat(sightings.otherRepository("r", "z", D1)).isEmpty();
    sightings.saw("r", "x", D1);
    sightings.save();
    assertThat(BlobSightings.load(file).otherRepository("r", "z", D1)).contains("x");
    try (var files = Files.list(temp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void saw_keepsTheMostRecentRepositoriesFirst_andAFewOnly() {
    BlobSightings sightings = BlobSightings.load(temp.resolve("s.json"));
    for (int i = 0; i < 10; i++) {
      sightings.saw("r", "repo" + i, D1);
    }
    assertThat(sightings.otherRepository("r", "new", D1)).contains("repo9");
    assertThat(sightings.otherRepository("r", "repo9", D1)).contains("repo8");
  }
}
