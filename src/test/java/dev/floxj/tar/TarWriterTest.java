package dev.floxj.tar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floxj.FloxjException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarWriterTest {
  private static final TarOwner USER = new TarOwner(1000, 100, "flox", "users");

  @TempDir Path tmp;

  @Test
  void finish_writesTwoZeroBlocksAndPadsToA10240ByteRecord() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    writer.write(TarEntry.file("a", 0444, 1, TarOwner.ROOT, 1), new byte[] {'x'});
    writer.finish();

    byte[] tar = out.toByteArray();
    assertThat(tar).hasSize(10240);
    assertThat(writer.bytesWritten()).isEqualTo(10240);
    assertThat(tar[512]).isEqualTo((byte) 'x');
    assertThat(Arrays.copyOfRange(tar, 513, 10240)).containsOnly(0);
  }

  @Test
  void finish_addsNoExtraRecordWhenTheEndMarkerFillsItExactly() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    // 18 blocks of entries + 2 end blocks = 20 blocks = one record.
    writer.write(TarEntry.file("a", 0444, 17 * 512, TarOwner.ROOT, 1), new byte[17 * 512]);
    writer.finish();

    assertThat(out.size()).isEqualTo(10240);
    assertThat(TarFormat.archiveLength(18 * 512)).isEqualTo(10240);
    assertThat(TarFormat.archiveLength(19 * 512)).isEqualTo(20480);
  }

  @Test
  void emptyArchive_isOneRecordOfZeros() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TarWriter(out).finish();

    assertThat(out.toByteArray()).hasSize(10240).containsOnly(0);
  }

  @Test
  void contentOf512And513Bytes_isPaddedToWholeBlocks() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    writer.write(TarEntry.file("a", 0444, 512, TarOwner.ROOT, 1), filled(512, (byte) 1));
    assertThat(writer.bytesWritten()).isEqualTo(1024);
    writer.write(TarEntry.file("b", 0444, 513, TarOwner.ROOT, 1), filled(513, (byte) 2));
    assertThat(writer.bytesWritten()).isEqualTo(1024 + 512 + 1024);
  }

  @Test
  void bytesWritten_equalsTheSizeComputedFromEntriesAlone() throws IOException {
    List<TarEntry> entries = sampleEntries();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    long entriesLength = 0;
    for (TarEntry entry : entries) {
      writeWithContent(writer, entry);
      entriesLength += TarFormat.entryLength(entry);
    }
    writer.finish();

    assertThat(out.size()).isEqualTo(TarFormat.archiveLength(entriesLength));
  }

  @Test
  void readBack_withCommonsCompress_givesNamesTypesModesOwnersTargetsAndContent()
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    for (TarEntry entry : sampleEntries()) {
      writeWithContent(writer, entry);
    }
    writer.finish();

    List<TarEntry> expected = sampleEntries();
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()), "UTF-8")) {
      for (TarEntry want : expected) {
        TarArchiveEntry got = in.getNextEntry();
        // commons-compress drops the leading slash of names that come from PAX records
        assertThat(withoutLeadingSlash(got.getName())).isEqualTo(withoutLeadingSlash(want.name()));
        assertThat(got.isDirectory()).isEqualTo(want.type() == TarEntryType.DIRECTORY);
        assertThat(got.isSymbolicLink()).isEqualTo(want.type() == TarEntryType.SYMBOLIC_LINK);
        assertThat(got.getLinkFlag()).isEqualTo(want.type().typeflag());
        assertThat(got.getMode()).isEqualTo(want.mode());
        assertThat(got.getLongUserId()).isEqualTo(want.owner().uid());
        assertThat(got.getLongGroupId()).isEqualTo(want.owner().gid());
        assertThat(got.getUserName()).isEqualTo(want.owner().uname());
        assertThat(got.getGroupName()).isEqualTo(want.owner().gname());
        assertThat(got.getModTime().getTime()).isEqualTo(want.mtime() * 1000);
        assertThat(got.getLinkName()).isEqualTo(want.linkTarget());
        assertThat(got.getSize()).isEqualTo(want.size());
        assertThat(in.readAllBytes()).isEqualTo(contentOf(want));
      }
      assertThat(in.getNextEntry()).isNull();
    }
  }

  @Test
  void output_isTheSameWhateverTheBufferSize() throws IOException {
    byte[] reference = writeSample(TarWriter.DEFAULT_BUFFER_SIZE);

    for (int bufferSize : new int[] {512, 777, 1536, 4096, 70_000}) {
      assertThat(writeSample(bufferSize)).as("buffer %d", bufferSize).isEqualTo(reference);
    }
  }

  @Test
  void smallEntries_reachTheStreamInBufferSizedWrites() throws IOException {
    List<Integer> writeSizes = new ArrayList<>();
    ByteArrayOutputStream sink =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            writeSizes.add(len);
            super.write(b, off, len);
          }
        };
    TarWriter writer = new TarWriter(sink, 8192);
    for (int i = 0; i < 100; i++) {
      writer.write(TarEntry.file("f" + i, 0444, 10, TarOwner.ROOT, 1), new byte[10]);
    }
    writer.finish();

    assertThat(writeSizes.subList(0, writeSizes.size() - 1)).containsOnly(8192);
  }

  @Test
  void fileContent_isCopiedFromAPath() throws IOException {
    byte[] content = randomBytes(3 * 1024 * 1024 + 5, 7);
    Path file = Files.write(tmp.resolve("big"), content);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out);
    try (FileChannel channel = FileChannel.open(file)) {
      writer.write(TarEntry.file("big", 0444, content.length, TarOwner.ROOT, 1), channel);
    }
    writer.finish();

    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      in.getNextEntry();
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void fileShorterThanItsEntry_failsNamingTheEntry() throws IOException {
    Path file = Files.write(tmp.resolve("f"), new byte[10]);
    TarWriter writer = new TarWriter(new ByteArrayOutputStream());

    assertThatThrownBy(() -> writer.write(TarEntry.file("/x/f", 0444, 11, TarOwner.ROOT, 1), FileChannel.open(file)))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("'/x/f' ended after 10 of its 11 bytes");
  }

  @Test
  void fileLongerThanItsEntry_failsNamingTheEntry() throws IOException {
    Path file = Files.write(tmp.resolve("f"), new byte[10]);
    TarWriter writer = new TarWriter(new ByteArrayOutputStream());

    assertThatThrownBy(() -> writer.write(TarEntry.file("/x/f", 0444, 9, TarOwner.ROOT, 1), FileChannel.open(file)))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("'/x/f' grew beyond its 9 bytes");
  }

  @Test
  void fileLongerThanItsEntry_isCaughtAlsoWhenItsLastByteFillsTheBuffer() throws IOException {
    // Header and content fill the 1 KiB buffer exactly: no room to read a byte past the entry.
    Path exact = Files.write(tmp.resolve("exact"), new byte[512]);
    Path longer = Files.write(tmp.resolve("longer"), new byte[513]);
    TarEntry entry = TarEntry.file("/x/f", 0444, 512, TarOwner.ROOT, 1);

    new TarWriter(new ByteArrayOutputStream(), 1024).write(entry, FileChannel.open(exact));
    assertThatThrownBy(
            () -> new TarWriter(new ByteArrayOutputStream(), 1024).write(entry, FileChannel.open(longer)))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("'/x/f' grew beyond its 512 bytes");
  }

  @Test
  void streamContent_thatEndsEarlyOrRunsLong_fails() {
    TarWriter writer = new TarWriter(new ByteArrayOutputStream());
    TarEntry fiveBytes = TarEntry.file("f", 0444, 5, TarOwner.ROOT, 1);

    assertThatThrownBy(() -> writer.write(fiveBytes, Channels.newChannel(new ByteArrayInputStream(new byte[4]))))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("ended after 4 of its 5 bytes");
    assertThatThrownBy(
            () -> writer.write(fiveBytes, Channels.newChannel(new ByteArrayInputStream(new byte[6]))))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("grew beyond its 5 bytes");
    assertThatThrownBy(
            () ->
                writer.write(fiveBytes, Channels.newChannel(new ByteArrayInputStream(new byte[6]))))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("grew beyond its 5 bytes");
  }

  @Test
  void contentWriter_thatWritesTooMuchOrTooLittle_fails() {
    TarWriter writer = new TarWriter(new ByteArrayOutputStream());
    TarEntry fiveBytes = TarEntry.file("f", 0444, 5, TarOwner.ROOT, 1);

    assertThatThrownBy(() -> writer.write(fiveBytes, out -> out.write(new byte[6])))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("grew beyond its 5 bytes");
    assertThatThrownBy(() -> writer.write(fiveBytes, out -> out.write(new byte[4])))
        .isInstanceOf(FloxjException.class)
        .hasMessageContaining("ended after 4 of its 5 bytes");
  }

  @Test
  void contentWriter_nestsOneTarInAnother() throws IOException {
    byte[] inner = writeSample(TarWriter.DEFAULT_BUFFER_SIZE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter outer = new TarWriter(out);
    outer.write(
        TarEntry.file("layer.tar", 0644, inner.length, TarOwner.ROOT, 1),
        stream -> {
          TarWriter nested = new TarWriter(stream);
          for (TarEntry entry : sampleEntries()) {
            writeWithContent(nested, entry);
          }
          nested.finish();
        });
    outer.finish();

    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("layer.tar");
      assertThat(in.readAllBytes()).isEqualTo(inner);
    }
  }

  @Test
  void aBufferHandoffStream_getsTheBuffersItHandedOut_nestedOnesPassedThroughWhole()
      throws IOException {
    byte[] inner = writeSample(TarWriter.DEFAULT_BUFFER_SIZE);
    RecordingHandoff out = new RecordingHandoff();
    TarWriter outer = new TarWriter(out);
    outer.write(
        TarEntry.file("layer.tar", 0644, inner.length, TarOwner.ROOT, 1),
        stream -> {
          TarWriter nested = new TarWriter(stream);
          for (TarEntry entry : sampleEntries()) {
            writeWithContent(nested, entry);
          }
          nested.finish();
        });
    outer.finish();

    assertThat(out.handedOver).allMatch(buffer -> out.handedOut.stream().anyMatch(b -> b == buffer));
    assertThat(out.handedOver).hasSameSizeAs(out.handedOut); // every buffer came back
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.bytes.toByteArray()))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("layer.tar");
      assertThat(in.readAllBytes()).isEqualTo(inner);
    }
  }

  /** Hands out small direct buffers (never reused) and keeps what comes back. */
  private static final class RecordingHandoff extends OutputStream implements BufferHandoff {
    final List<ByteBuffer> handedOut = new ArrayList<>();
    final List<ByteBuffer> handedOver = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public ByteBuffer take() {
      ByteBuffer buffer = ByteBuffer.allocateDirect(4096);
      handedOut.add(buffer);
      return buffer;
    }

    @Override
    public void handOver(ByteBuffer filled) {
      handedOver.add(filled);
      byte[] content = new byte[filled.position()];
      filled.flip().get(content);
      bytes.writeBytes(content);
    }

    @Override
    public void write(int b) {
      throw new AssertionError("a handoff stream gets buffers, not bytes");
    }
  }

  @Test
  void writeAfterFinish_isRefused() throws IOException {
    TarWriter writer = new TarWriter(new ByteArrayOutputStream());
    writer.finish();

    assertThatThrownBy(() -> writer.write(TarEntry.directory("d", 0755, TarOwner.ROOT, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  private static byte[] writeSample(int bufferSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarWriter writer = new TarWriter(out, bufferSize);
    for (TarEntry entry : sampleEntries()) {
      writeWithContent(writer, entry);
    }
    writer.finish();
    return out.toByteArray();
  }

  /** Entries covering every header shape; content is derived from the entry. */
  private static List<TarEntry> sampleEntries() {
    String longName = "/nix/store/" + "d".repeat(40) + "/" + "n".repeat(150);
    return List.of(
        TarEntry.directory("/nix", 0755, TarOwner.ROOT, 1),
        TarEntry.directory("/nix/store/", 0755, TarOwner.ROOT, 1),
        TarEntry.file("/nix/store/empty", 0444, 0, TarOwner.ROOT, 1),
        TarEntry.file("/nix/store/exe", 0555, 513, USER, 1_700_000_000L),
        TarEntry.file(longName, 0444, 5000, TarOwner.ROOT, 1),
        TarEntry.file("/nix/store/" + "p".repeat(2500), 0444, 3, TarOwner.ROOT, 1),
        TarEntry.file("/nix/store/caf\u00e9 \uD83D\uDE00", 0444, 2 * 1024 * 1024 + 1, USER, 1),
        TarEntry.symlink("/nix/store/link", "../" + "t".repeat(300), 0777, TarOwner.ROOT, 1),
        TarEntry.symlink("/nix/store/\u00fc", "/nix/store/\u00e9", 0777, USER, 1),
        TarEntry.file("/big-uid", 0644, 1, new TarOwner(1L << 24, 7, "\u00e9l\u00e8ve", "g"), 1));
  }

  private static void writeWithContent(TarWriter writer, TarEntry entry) throws IOException {
    if (entry.size() == 0) {
      writer.write(entry);
    } else if (entry.size() % 2 == 0) {
      writer.write(entry, contentOf(entry));
    } else {
      try (ReadableByteChannel in = Channels.newChannel(new ByteArrayInputStream(contentOf(entry)))) {
        writer.write(entry, in);
      }
    }
  }

  private static String withoutLeadingSlash(String name) {
    return name.startsWith("/") ? name.substring(1) : name;
  }

  private static byte[] contentOf(TarEntry entry) {
    return randomBytes((int) entry.size(), entry.name().hashCode());
  }

  private static byte[] randomBytes(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
