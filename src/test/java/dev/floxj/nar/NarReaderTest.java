package dev.floxj.nar;

import static dev.floxj.nar.NarBuilder.nar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NarReaderTest {

  /** Records each event as a line; reads file contents only when asked to. */
  private static final class Recorder implements NarVisitor {
    final List<String> events = new ArrayList<>();
    final boolean readContents;

    Recorder(boolean readContents) {
      this.readContents = readContents;
    }

    @Override
    public void directory(String path) {
      events.add("D " + path);
    }

    @Override
    public void regularFile(String path, boolean executable, long size, ReadableByteChannel content)
        throws IOException {
      String text = "";
      if (readContents) {
        ByteBuffer buffer = ByteBuffer.allocate((int) size + 1);
        while (content.read(buffer) >= 0) {
          assertThat(buffer.position()).isLessThanOrEqualTo((int) size);
        }
        text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
      }
      events.add("F " + path + (executable ? " x " : " ") + size + " " + text);
    }

    @Override
    public void symlink(String path, String target) {
      events.add("L " + path + " -> " + target);
    }
  }

  private static List<String> read(byte[] nar, boolean readContents) throws IOException {
    Recorder recorder = new Recorder(readContents);
    long length = NarReader.read(new ByteArrayInputStream(nar), recorder);
    assertThat(length).isEqualTo(nar.length);
    return recorder.events;
  }

  private static byte[] sampleTree() {
    return nar().directory()
        .entry("bin").directory()
            .entry("hello").file("#!/bin/sh\necho hi\n", true).endEntry()
        .end().endEntry()
        .entry("lib").symlink("bin").endEntry()
        .entry("share").directory()
            .entry("a-b").file("", false).endEntry()
            .entry("é").file("accent", false).endEntry()
        .end().endEntry()
        .end().bytes();
  }

  @Test
  void read_directoryTree_reportsEntriesInArchiveOrderWithContents() throws IOException {
    assertThat(read(sampleTree(), true))
        .containsExactly(
            "D ",
            "D bin",
            "F bin/hello x 18 #!/bin/sh\necho hi\n",
            "L lib -> bin",
            "D share",
            "F share/a-b 0 ",
            "F share/é 6 accent");
  }

  @Test
  void read_contentsLeftUnread_areSkipped() throws IOException {
    assertThat(read(sampleTree(), false)).contains("F bin/hello x 18 ", "L lib -> bin");
  }

  @Test
  void read_partlyReadContent_skipsTheRest() throws IOException {
    List<String> seen = new ArrayList<>();
    NarVisitor firstByteOnly =
        new NarVisitor() {
          @Override
          public void directory(String path) {}

          @Override
          public void regularFile(String path, boolean executable, long size, ReadableByteChannel content)
              throws IOException {
            ByteBuffer one = ByteBuffer.allocate(1);
            if (content.read(one) > 0) {
              seen.add(path + ":" + (char) one.get(0));
            }
          }

          @Override
          public void symlink(String path, String target) {
            seen.add(path + "->" + target);
          }
        };
    NarReader.read(new ByteArrayInputStream(sampleTree()), firstByteOnly);
    assertThat(seen).containsExactly("bin/hello:#", "lib->bin", "share/é:a");
  }

  @Test
  void read_rootFileAndRootSymlink() throws IOException {
    assertThat(read(nar().file("abc", false).bytes(), true)).containsExactly("F  3 abc");
    assertThat(read(nar().symlink("/nix/store/x").bytes(), true)).containsExactly("L  -> /nix/store/x");
  }

  @Test
  void read_largeFile_streamsThroughWithoutHoldingIt() throws IOException {
    byte[] content = new byte[3 * 1024 * 1024 + 5];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    byte[] bytes =
        nar().token("(").token("type").token("regular").token("contents").string(content).token(")").bytes();
    long[] sum = {0};
    NarReader.read(
        new OneByteAtATimeOften(bytes),
        new NarVisitor() {
          @Override
          public void directory(String path) {}

          @Override
          public void regularFile(String path, boolean executable, long size, ReadableByteChannel channel)
              throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(100_000);
            int read;
            while ((read = channel.read(buffer)) >= 0) {
              for (int i = 0; i < buffer.position(); i++) {
                sum[0] += buffer.get(i);
              }
              buffer.clear();
              assertThat(read).isPositive();
            }
          }

          @Override
          public void symlink(String path, String target) {}
        });
    long expected = 0;
    for (byte b : content) {
      expected += b;
    }
    assertThat(sum[0]).isEqualTo(expected);
  }

  @Test
  void read_longestNameAndDeepestNesting_areAccepted() throws IOException {
    assertThat(read(nar().directory().entry("n".repeat(255)).file("", false).endEntry().end().bytes(), false))
        .hasSize(2);
    assertThat(read(nested(NarReader.MAX_DEPTH - 1), false)).hasSize(NarReader.MAX_DEPTH);
  }

  private static byte[] nested(int depth) {
    NarBuilder builder = nar();
    for (int i = 0; i < depth; i++) {
      builder.directory().entry("d");
    }
    builder.file("", false);
    for (int i = 0; i < depth; i++) {
      builder.endEntry().end();
    }
    return builder.bytes();
  }

  private static void assertRejected(byte[] nar, String problem) {
    assertThatThrownBy(() -> NarReader.read(new ByteArrayInputStream(nar), NarVisitor.CHECK_ONLY))
        .isInstanceOf(NarFormatException.class)
        .hasMessageContaining(problem);
  }

  private static byte[] directoryWith(String... names) {
    NarBuilder builder = nar().directory();
    for (String name : names) {
      builder.entry(name).file("", false).endEntry();
    }
    return builder.end().bytes();
  }

  @Test
  void read_unsortedOrDuplicateNames_areRejected() {
    assertRejected(directoryWith("b", "a"), "not sorted");
    assertRejected(directoryWith("a", "a"), "lists 'a' twice");
    // Raw bytes decide, not Java's UTF-16 order: 'é' (0xc3 0xa9) sorts after 'z'.
    assertRejected(directoryWith("é", "z"), "not sorted");
  }

  @Test
  void read_unsafeNames_areRejected() {
    assertRejected(directoryWith(""), "empty name");
    assertRejected(directoryWith("."), "named '.'");
    assertRejected(directoryWith(".."), "named '..'");
    assertRejected(directoryWith("a/b"), "contains '/'");
    assertRejected(directoryWith("a\0b"), "NUL");
    assertRejected(directoryWith("n".repeat(256)), "256 bytes long (at most 255");
    assertRejected(
        nar().directory().entry("x").end().bytes(), "expected '(' to open a node");
    byte[] latin1 = {'c', 'a', (byte) 0xe9};
    assertRejected(
        nar().directory().token("entry").token("(").token("name").string(latin1).token("node")
            .file("", false).endEntry().end().bytes(),
        "not valid UTF-8");
  }

  @Test
  void read_badSymlinkTargets_areRejected() {
    assertRejected(nar().symlink("").bytes(), "empty target");
    assertRejected(nar().symlink("t".repeat(4096)).bytes(), "4096 bytes long (at most 4095");
    assertRejected(nar().symlink("a\0b").bytes(), "NUL");
  }

  @Test
  void read_nestingTooDeep_isRejected() {
    assertRejected(nested(NarReader.MAX_DEPTH), "levels deep");
  }

  @Test
  void read_absurdLengths_areRejected() {
    byte[] hugeFile =
        nar().token("(").token("type").token("regular").token("contents").number(1L << 40).bytes();
    assertThatThrownBy(
            () -> NarReader.read(new ByteArrayInputStream(hugeFile), 1 << 20, NarVisitor.CHECK_ONLY))
        .hasMessageContaining("claims 1099511627776 bytes, more than the NAR holds");
    assertRejected(hugeFile, "ends early");
    byte[] negative =
        nar().token("(").token("type").token("regular").token("contents").number(-8).bytes();
    assertRejected(negative, "more than the NAR holds");
    assertRejected(nar().number(1L << 62).bytes(), "at most 16 allowed");
  }

  @Test
  void read_lengthBeyondDeclaredSize_isRejectedBeforeReading() {
    byte[] bytes = nar().file("x".repeat(100), false).bytes();
    assertThatThrownBy(
            () -> NarReader.read(new ByteArrayInputStream(bytes), 120, NarVisitor.CHECK_ONLY))
        .isInstanceOf(NarFormatException.class)
        .hasMessageContaining("claims 100 bytes, more than the NAR holds");
    assertThatThrownBy(
            () -> NarReader.read(new ByteArrayInputStream(bytes), 64, NarVisitor.CHECK_ONLY))
        .hasMessageContaining("longer than its declared 64 bytes");
  }

  @Test
  void read_malformedStructure_isRejected() {
    assertRejected(nar().token("(").token("type").token("fifo").token(")").bytes(), "unknown type 'fifo'");
    assertRejected(new NarBuilder().token("nix-archive-2").bytes(), "NAR magic");
    assertRejected(nar().file("x", false).token("extra").bytes(), "data after the end");
    assertRejected(nar().file("x", false).raw(new byte[] {0}).bytes(), "data after the end");
    byte[] truncated = sampleTree();
    assertRejected(java.util.Arrays.copyOf(truncated, truncated.length - 9), "ends early");
    assertRejected(
        nar().token("(").token("type").token("regular").token("executable").token("yes").bytes(),
        "executable marker");
    assertRejected(
        nar().token("(").token("type").token("regular").token(")").bytes(), "expected 'contents'");
  }

  @Test
  void read_nonZeroPadding_isRejected() {
    byte[] bytes = nar().file("abc", false).bytes();
    // The padding after "abc" sits 5 bytes after it; find "abc" and poison the byte behind it.
    int at = indexOf(bytes, "abc".getBytes(StandardCharsets.US_ASCII));
    bytes[at + 3] = 1;
    assertRejected(bytes, "padding");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /** A stream that returns short reads, as a network or decompressor does. */
  private static final class OneByteAtATimeOften extends InputStream {
    private final ByteArrayInputStream in;
    private int calls;

    OneByteAtATimeOften(byte[] bytes) {
      this.in = new ByteArrayInputStream(bytes);
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, ++calls % 3 == 0 ? Math.min(len, 1) : Math.min(len, 7919));
    }
  }
}
