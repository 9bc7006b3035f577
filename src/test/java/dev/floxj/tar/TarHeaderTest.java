package dev.floxj.tar;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.junit.jupiter.api.Test;

class TarHeaderTest {
  private static final String STORE = "/nix/store/0c0mzj2b8hrhbgpss1mdkh1ixs45w3wh-hello-2.12";
  private static final long EIGHT_GIB = 8L << 30;

  @Test
  void plainFile_hasEveryUstarFieldAsTarfileWritesIt() {
    byte[] header = encode(TarEntry.file(STORE + "/bin/hello", 0555, 1234, TarOwner.ROOT, 1));

    assertThat(header).hasSize(512);
    assertThat(field(header, 0, 100)).isEqualTo(padded(STORE + "/bin/hello", 100));
    assertThat(field(header, 100, 8)).isEqualTo("0000555\0");
    assertThat(field(header, 108, 8)).isEqualTo("0000000\0");
    assertThat(field(header, 116, 8)).isEqualTo("0000000\0");
    assertThat(field(header, 124, 12)).isEqualTo("00000002322\0");
    assertThat(field(header, 136, 12)).isEqualTo("00000000001\0");
    assertThat(field(header, 148, 8)).matches("[0-7]{6}\0 ");
    assertThat(field(header, 156, 1)).isEqualTo("0");
    assertThat(field(header, 157, 100)).isEqualTo(padded("", 100));
    assertThat(field(header, 257, 8)).isEqualTo("ustar\u000000");
    assertThat(field(header, 265, 32)).isEqualTo(padded("root", 32));
    assertThat(field(header, 297, 32)).isEqualTo(padded("root", 32));
    assertThat(field(header, 329, 16)).isEqualTo(padded("", 16)); // devmajor, devminor
    assertThat(field(header, 345, 167)).isEqualTo(padded("", 167)); // prefix and padding
  }

  @Test
  void checksum_isTheUnsignedByteSumWithTheFieldAsSpaces() {
    byte[] header =
        encode(
            TarEntry.file(STORE + "/\u00e9t\u00e9", 0444, 7, new TarOwner(1, 2, "\u00fc", "g"), 5));
    byte[] ustar = Arrays.copyOfRange(header, header.length - 512, header.length);

    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : ustar[i] & 0xff;
    }
    assertThat(field(ustar, 148, 8)).isEqualTo(String.format("%06o\0 ", sum));
    assertThat(TarUtils.verifyCheckSum(ustar)).isTrue();
    assertThat(TarUtils.verifyCheckSum(Arrays.copyOf(header, 512))).isTrue(); // the PAX block
  }

  @Test
  void directory_nameGetsATrailingSlashAndNoSize() {
    byte[] header = encode(TarEntry.directory(STORE, 0555, TarOwner.ROOT, 1));

    assertThat(field(header, 0, 100)).isEqualTo(padded(STORE + "/", 100));
    assertThat(field(header, 156, 1)).isEqualTo("5");
    assertThat(field(header, 124, 12)).isEqualTo("00000000000\0");
  }

  @Test
  void symlink_storesItsTargetInTheLinknameField() {
    byte[] header =
        encode(TarEntry.symlink(STORE + "/lib", "../other/lib", 0777, TarOwner.ROOT, 1));

    assertThat(field(header, 156, 1)).isEqualTo("2");
    assertThat(field(header, 100, 8)).isEqualTo("0000777\0");
    assertThat(field(header, 157, 100)).isEqualTo(padded("../other/lib", 100));
  }

  @Test
  void nameOfExactly100Bytes_fitsTheUstarFieldWithoutPax() {
    String name = nameOfLength(100);
    TarEntry entry = TarEntry.file(name, 0444, 0, TarOwner.ROOT, 1);
    byte[] header = encode(entry);

    assertThat(TarHeader.of(entry).hasPaxHeader()).isFalse();
    assertThat(header).hasSize(512);
    assertThat(field(header, 0, 100)).isEqualTo(name);
  }

  @Test
  void nameOf101Bytes_getsAPaxPathRecordAndATruncatedUstarName() {
    String name = nameOfLength(101);
    TarEntry entry = TarEntry.file(name, 0444, 0, TarOwner.ROOT, 1);
    byte[] header = encode(entry);

    String records = "111 path=" + name + "\n";
    assertThat(TarHeader.of(entry).hasPaxHeader()).isTrue();
    assertThat(header).hasSize(512 + 512 + 512);
    assertPaxHeaderBlock(header, records.length());
    assertThat(field(header, 512, records.length())).isEqualTo(records);
    assertThat(field(header, 512 + records.length(), 512 - records.length()))
        .isEqualTo(padded("", 512 - records.length()));
    assertThat(field(header, 1024, 100)).isEqualTo(name.substring(0, 100));
  }

  @Test
  void directoryOf100BytesBeforeItsSlash_needsPaxBecauseTheSlashCounts() {
    String name = nameOfLength(100);
    byte[] header = encode(TarEntry.directory(name, 0555, TarOwner.ROOT, 1));

    assertThat(field(header, 512, 111)).isEqualTo("111 path=" + name + "/\n");
    assertThat(field(header, 1024, 100)).isEqualTo(name);
  }

  @Test
  void nonAsciiName_getsAPaxPathRecordInUtf8AndOneQuestionMarkPerCharacterInUstar() {
    String name = STORE + "/caf\u00e9-\uD83D\uDE00"; // é and an emoji (a surrogate pair in Java)
    byte[] header = encode(TarEntry.file(name, 0444, 0, TarOwner.ROOT, 1));

    byte[] utf8 = name.getBytes(UTF_8);
    String expectedRecords = (utf8.length + 9) + " path=";
    assertThat(field(header, 512, expectedRecords.length())).isEqualTo(expectedRecords);
    assertThat(
            Arrays.copyOfRange(
                header,
                512 + expectedRecords.length(),
                512 + expectedRecords.length() + utf8.length))
        .isEqualTo(utf8);
    assertThat(field(header, 1024, 100)).isEqualTo(padded(STORE + "/caf?-?", 100));
  }

  @Test
  void longLinkTarget_getsOnlyALinkpathRecord() {
    String target = nameOfLength(150);
    byte[] header = encode(TarEntry.symlink(STORE + "/l", target, 0777, TarOwner.ROOT, 1));

    String records = "164 linkpath=" + target + "\n";
    assertPaxHeaderBlock(header, records.length());
    assertThat(field(header, 512, records.length())).isEqualTo(records);
    assertThat(field(header, 1024, 100)).isEqualTo(padded(STORE + "/l", 100));
    assertThat(field(header, 1024 + 157, 100)).isEqualTo(target.substring(0, 100));
  }

  @Test
  void paxRecords_comeInTarfilesOrderPathLinkpathUnameGnameUidGidSizeMtime() {
    TarOwner owner = new TarOwner(1L << 21, 1L << 22, "\u00e9", "g".repeat(33));
    TarEntry entry = TarEntry.symlink(nameOfLength(101), "t\u00fc", 0777, owner, 1L << 33);

    String records = new String(encode(entry), 512, 512, UTF_8);

    assertThat(
            records
                .replaceAll("\0+$", "")
                .lines()
                .map(line -> line.replaceAll("^\\d+ (\\w+)=.*", "$1")))
        .containsExactly("path", "linkpath", "uname", "gname", "uid", "gid", "mtime");
  }

  @Test
  void sizeOf8GiB_goesToAPaxSizeRecordAndTheUstarSizeIsZero() {
    byte[] header = encode(TarEntry.file(STORE + "/big", 0444, EIGHT_GIB, TarOwner.ROOT, 1));

    assertThat(header).hasSize(1536);
    assertThat(field(header, 512, 19)).isEqualTo("19 size=8589934592\n");
    assertThat(field(header, 1024 + 124, 12)).isEqualTo("00000000000\0");
  }

  @Test
  void sizeJustBelow8GiB_fitsTheUstarField() {
    byte[] header = encode(TarEntry.file(STORE + "/big", 0444, EIGHT_GIB - 1, TarOwner.ROOT, 1));

    assertThat(header).hasSize(512);
    assertThat(field(header, 124, 12)).isEqualTo("77777777777\0");
  }

  @Test
  void entryLength_of8GiBFile_countsPaxHeaderAndContentWithoutAnyFile() {
    TarEntry big = TarEntry.file(STORE + "/big", 0444, EIGHT_GIB + 1, TarOwner.ROOT, 1);

    assertThat(TarFormat.entryLength(big)).isEqualTo(1536 + EIGHT_GIB + 512);
  }

  @Test
  void nonRootOwner_isWrittenIntoIdAndNameFields() {
    byte[] header =
        encode(TarEntry.file(STORE + "/f", 0444, 0, new TarOwner(1000, 100, "flox", "users"), 1));

    assertThat(field(header, 108, 8)).isEqualTo("0001750\0");
    assertThat(field(header, 116, 8)).isEqualTo("0000144\0");
    assertThat(field(header, 265, 32)).isEqualTo(padded("flox", 32));
    assertThat(field(header, 297, 32)).isEqualTo(padded("users", 32));
  }

  @Test
  void uidBeyondSevenOctalDigits_goesToAPaxUidRecordAndTheFieldIsZero() {
    byte[] header =
        encode(TarEntry.file(STORE + "/f", 0444, 0, new TarOwner(1L << 21, 5, "u", "g"), 1));

    assertThat(field(header, 512, 16)).isEqualTo("15 uid=2097152\n\0");
    assertThat(field(header, 1024 + 108, 8)).isEqualTo("0000000\0");
    assertThat(field(header, 1024 + 116, 8)).isEqualTo("0000005\0");
  }

  @Test
  void negativeMtime_goesToAPaxMtimeRecord() {
    byte[] header = encode(TarEntry.file(STORE + "/f", 0444, 0, TarOwner.ROOT, -1));

    assertThat(field(header, 512, 12)).isEqualTo("12 mtime=-1\n");
    assertThat(field(header, 1024 + 136, 12)).isEqualTo("00000000000\0");
  }

  @Test
  void paxRecordLength_thatCrossesToFourDigits_countsItsOwnExtraDigit() {
    // "path" + 989 chars + 3 = 996, + 3 digits = 999; one char more needs 4 digits: 1001.
    String justFits = "/" + "x".repeat(988);
    String crosses = "/" + "x".repeat(989);

    assertThat(field(encode(TarEntry.file(justFits, 0444, 0, TarOwner.ROOT, 1)), 512, 9))
        .isEqualTo("999 path=");
    assertThat(field(encode(TarEntry.file(crosses, 0444, 0, TarOwner.ROOT, 1)), 512, 10))
        .isEqualTo("1001 path=");
  }

  @Test
  void length_equalsTheEncodedBytesWithoutEncoding() {
    for (TarEntry entry :
        new TarEntry[] {
          TarEntry.file("/a", 0444, 0, TarOwner.ROOT, 1),
          TarEntry.file(nameOfLength(600), 0444, 0, TarOwner.ROOT, 1),
          TarEntry.symlink("/\u00e9", nameOfLength(3000), 0777, TarOwner.ROOT, 1),
        }) {
      assertThat(TarHeader.of(entry).length()).isEqualTo(TarHeader.of(entry).toBytes().length);
    }
  }

  private static void assertPaxHeaderBlock(byte[] header, int recordsLength) {
    assertThat(field(header, 0, 100)).isEqualTo(padded("././@PaxHeader", 100));
    assertThat(field(header, 100, 8)).isEqualTo("0000000\0");
    assertThat(field(header, 108, 16)).isEqualTo("0000000\0" + "0000000\0");
    assertThat(field(header, 124, 12)).isEqualTo(String.format("%011o\0", recordsLength));
    assertThat(field(header, 136, 12)).isEqualTo("00000000000\0");
    assertThat(field(header, 156, 1)).isEqualTo("x");
    assertThat(field(header, 257, 8)).isEqualTo("ustar\u000000");
    assertThat(field(header, 265, 64)).isEqualTo(padded("", 64));
    assertThat(TarUtils.verifyCheckSum(Arrays.copyOf(header, 512))).isTrue();
  }

  private static String nameOfLength(int length) {
    String base = STORE + "/share/";
    return base + "n".repeat(length - base.length());
  }

  private static byte[] encode(TarEntry entry) {
    return TarHeader.of(entry).toBytes();
  }

  private static String field(byte[] header, int offset, int length) {
    return new String(header, offset, length, ISO_8859_1);
  }

  private static String padded(String value, int length) {
    return value + "\0".repeat(length - value.length());
  }

  @Test
  void length_withoutBuildingThePaxRecords_isTheLengthOfTheBuiltHeader() {
    TarOwner root = TarOwner.ROOT;
    TarOwner odd = new TarOwner(1L << 24, 1L << 24, "u".repeat(40), "g\u00e9".repeat(20));
    List<TarEntry> entries = new ArrayList<>();
    for (String tail :
        new String[] {
          "x", "x".repeat(60), "x".repeat(90), "\u00fc", "\u00fc".repeat(40), "\u20ac".repeat(30),
          "\uD83D\uDE00".repeat(25), "y".repeat(1000)
        }) {
      String name = STORE + "/" + tail;
      for (TarOwner owner : new TarOwner[] {root, odd}) {
        entries.add(TarEntry.file(name, 0444, 5, owner, 1));
        entries.add(TarEntry.file(name, 0444, EIGHT_GIB, owner, 1L << 34));
        entries.add(TarEntry.directory(name, 0555, owner, 1));
        entries.add(TarEntry.symlink(name, "../" + tail, 0777, owner, 1));
      }
    }
    for (TarEntry entry : entries) {
      assertThat(TarHeader.length(entry))
          .as(entry.toString())
          .isEqualTo(TarHeader.of(entry).length());
    }
  }
}
