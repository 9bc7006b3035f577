package dev.floxj.tar;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The body of a PAX extended header: {@code "<len> <key>=<value>\n"} records, UTF-8. */
final class PaxRecords {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

  void add(String key, String value) {
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    byte[] valueBytes = value.getBytes(StandardCharsets.UTF_8);
    int length = recordLength(keyBytes.length, valueBytes.length);
    bytes.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
    bytes.write(' ');
    bytes.writeBytes(keyBytes);
    bytes.write('=');
    bytes.writeBytes(valueBytes);
    bytes.write('\n');
  }

  byte[] toByteArray() {
    return bytes.toByteArray();
  }

  /**
   * The length of a record, which counts its own decimal digits. Found by the same fixed-point
   * iteration as Python's tarfile, which matters where two answers fit (a 97-byte payload fits both
   * "99" and "100"; tarfile picks 99).
   */
  static int recordLength(int keyLength, int valueLength) {
    int payload = keyLength + valueLength + 3; // ' ', '=' and '\n'
    int previous = 0;
    while (true) {
      int next = payload + decimalDigits(previous);
      if (next == previous) {
        return next;
      }
      previous = next;
    }
  }

  private static int decimalDigits(int value) {
    return Integer.toString(value).length();
  }
}
