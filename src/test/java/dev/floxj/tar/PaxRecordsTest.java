package dev.floxj.tar;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PaxRecordsTest {
  @Test
  void recordLength_countsItsOwnDigits() {
    assertThat(PaxRecords.recordLength(4, 1)).isEqualTo(9); // "9 path=x\n"
    assertThat(PaxRecords.recordLength(4, 8)).isEqualTo(17); // "17 path=12345678\n"
  }

  @Test
  void recordLength_at99Or100_picksTheFirstFixedPointLikeTarfile() {
    // A 97-byte payload fits both "99" and "100"; tarfile's iteration stops at 99.
    assertThat(PaxRecords.recordLength(4, 90)).isEqualTo(99);
    // One byte more: 98 + 2 = 100 ≠ 98 + 3, so the record takes 101.
    assertThat(PaxRecords.recordLength(4, 91)).isEqualTo(101);
  }

  @Test
  void add_writesLengthKeyValueAndNewlineInUtf8() {
    PaxRecords records = new PaxRecords();
    records.add("path", "\u00e9");
    records.add("uid", "7");

    assertThat(new String(records.toByteArray(), StandardCharsets.UTF_8))
        .isEqualTo("11 path=\u00e9\n8 uid=7\n");
  }

  @Test
  void add_atTheTwoDigitBoundary_writesA99ByteRecord() {
    PaxRecords records = new PaxRecords();
    records.add("path", "\u00e9" + "x".repeat(88)); // 90 UTF-8 bytes

    byte[] bytes = records.toByteArray();
    assertThat(bytes).hasSize(99);
    assertThat(new String(bytes, 0, 8, StandardCharsets.UTF_8)).isEqualTo("99 path=");
  }
}
