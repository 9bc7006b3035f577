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

  /** The length of the record for {@code key} and {@code value}, without building it. */
  static int recordLength(String key, String value) {
    return recordLength(utf8Length(key), utf8Length(value));
  }

  private static int utf8Length(String value) {
    int length = value.length();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x80) {
        // Two bytes up to U+07FF, three above; a surrogate pair (two chars) makes four.
        length += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
      }
    }
    return length;
  }

  static int decimalDigits(int value) {
    int digits = 1;
    for (int rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return digits;
  }
}
