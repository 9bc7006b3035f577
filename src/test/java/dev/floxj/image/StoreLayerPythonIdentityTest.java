package dev.floxj.image;

import static dev.floxj.image.EdgeCaseStore.ALIAS;
import static dev.floxj.image.EdgeCaseStore.ALL;
import static dev.floxj.image.EdgeCaseStore.DATA;
import static dev.floxj.image.EdgeCaseStore.HELLO;
import static dev.floxj.image.EdgeCaseStore.OTHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.floxj.store.LocalStoreFiles;
import dev.floxj.store.StorePath;
import dev.floxj.tar.TarOwner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** floxj's store layers must be the very bytes nixpkgs' Python layer writer produces. */
class StoreLayerPythonIdentityTest {
  @TempDir static Path storeRoot;
  @TempDir static Path work;
  private static PythonLayerOracle python;

  @BeforeAll
  static void buildStoreAndOracle() throws Exception {
    EdgeCaseStore.build(storeRoot);
    python = PythonLayerOracle.create(work);
  }

  static Stream<Arguments> layers() {
    TarOwner user = new TarOwner(1000, 100, "flox", "users");
    TarOwner hugeIds =
        new TarOwner(3_000_000, 2_097_152, "someone-with-a-very-long-user-name", "g");
    return Stream.of(
        Arguments.of("directory tree with every edge case", List.of(HELLO), TarOwner.ROOT, 1L),
        Arguments.of("store path that is a single file", List.of(DATA), TarOwner.ROOT, 1L),
        Arguments.of("store path that is a symlink", List.of(ALIAS), TarOwner.ROOT, 1L),
        Arguments.of("several store paths, shared hard link", ALL, TarOwner.ROOT, 1L),
        Arguments.of("non-root owner and another mtime", ALL, user, 1_700_000_000L),
        Arguments.of(
            "ids, names and mtime beyond ustar fields", List.of(OTHER, DATA), hugeIds, 1L << 33));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layers")
  void layer_isByteIdenticalToPythonTarfile(
      String description, List<StorePath> paths, TarOwner owner, long mtime) throws Exception {
    byte[] expected = python.layer(storeRoot, paths, owner, mtime);

    StoreLayer layer = new StoreLayer(new LocalStoreFiles(storeRoot), paths, owner, mtime);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layer.writeTo(out);
    byte[] actual = out.toByteArray();

    assertSameBytes(actual, expected);
    assertThat(sha256(actual)).isEqualTo(sha256(expected));
    assertThat(layer.size()).isEqualTo(expected.length);
  }

  /** Equal bytes, or a failure naming the first differing offset and the entry around it. */
  private static void assertSameBytes(byte[] actual, byte[] expected) {
    int length = Math.min(actual.length, expected.length);
    for (int i = 0; i < length; i++) {
      if (actual[i] != expected[i]) {
        int block = i / 512 * 512;
        fail(
            "first difference at byte %d (offset %d in its block)%nfloxj:  %s%npython: %s",
            i, i - block, printable(actual, block), printable(expected, block));
      }
    }
    assertThat(actual.length).as("length").isEqualTo(expected.length);
  }

  private static String printable(byte[] tar, int block) {
    return new String(tar, block, Math.min(512, tar.length - block), StandardCharsets.ISO_8859_1)
        .replace('\0', '.');
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
