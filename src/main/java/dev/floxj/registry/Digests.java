package dev.floxj.registry;

import dev.floxj.Sha256;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** Registry digests as the distribution API writes them: {@code sha256:} and 64 lowercase hex. */
final class Digests {
  private static final Pattern SHA256 = Pattern.compile("sha256:[0-9a-f]{64}");

  private Digests() {}

  static String sha256(byte[] bytes) {
    return of(Sha256.of(bytes));
  }

  static String of(byte[] sha256) {
    return "sha256:" + HexFormat.of().formatHex(sha256);
  }

  static boolean isSha256(String digest) {
    return SHA256.matcher(digest).matches();
  }
}
