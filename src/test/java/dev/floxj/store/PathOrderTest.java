package dev.floxj.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathOrderTest {
  @Test
  void aSlashB_comesBeforeADashC_unlikeAPlainStringSort() {
    assertThat(PathOrder.compare("a/b", "a-c")).isNegative();
    assertThat("a/b".compareTo("a-c")).isPositive(); // '-' (0x2d) < '/' (0x2f)
  }

  @Test
  void aDirectory_comesBeforeEverythingBelowIt() {
    assertThat(PathOrder.compare("a", "a/b")).isNegative();
    assertThat(PathOrder.compare("a/b", "a")).isPositive();
    assertThat(PathOrder.compare("a/b", "a/b")).isZero();
  }

  @Test
  void aDotB_comesAfterTheContentsOfA() {
    assertThat(PathOrder.compare("a/zzz", "a.b")).isNegative();
  }

  @Test
  void names_compareByUnsignedBytes_digitsUpperUnderscoreLowerThenNonAscii() {
    List<String> names = new ArrayList<>(List.of("\u00e9", "a", "_", "Z", "0", "A", ".hidden"));
    names.sort(PathOrder.COMPONENT_WISE);

    assertThat(names).containsExactly(".hidden", "0", "A", "Z", "_", "a", "\u00e9");
  }

  @Test
  void supplementaryCharacters_sortByCodePointNotByUtf16() {
    String emoji = "\uD83D\uDE00"; // U+1F600
    String fullwidthA = "\uFF21"; // U+FF21

    assertThat(PathOrder.compare(fullwidthA, emoji)).isNegative();
    assertThat(fullwidthA.compareTo(emoji)).isPositive(); // String.compareTo gets it wrong
    assertThat(PathOrder.compareNames(fullwidthA.getBytes(UTF_8), emoji.getBytes(UTF_8)))
        .isNegative();
  }

  @Test
  void sortingAWholeTree_givesDepthFirstOrder() {
    List<String> paths =
        new ArrayList<>(List.of("a-c", "a/b/c", "a.b", "a", "a/b", "b", "a/b-c", "a/b/c/d"));
    paths.sort(PathOrder.COMPONENT_WISE);

    assertThat(paths).containsExactly("a", "a/b", "a/b/c", "a/b/c/d", "a/b-c", "a-c", "a.b", "b");
  }
}
