package dev.floxj.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order nixpkgs writes the files of a store path in: Python sorts {@code pathlib.Path} objects,
 * which compares their lists of components, each by code point, i.e. by UTF-8 bytes. So {@code a/b}
 * comes before {@code a-c} (component {@code a} before {@code a-c}), although a plain string sort
 * puts {@code -} (0x2d) before {@code /} (0x2f).
 */
public final class PathOrder {
  /** Orders {@code /}-separated relative paths component by component. */
  public static final Comparator<String> COMPONENT_WISE = PathOrder::compare;

  private PathOrder() {}

  /** Compares two single names (path components) by their UTF-8 bytes, unsigned. */
  public static int compareNames(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  /**
   * Compares two {@code /}-separated paths: the first differing component decides, and a path comes
   * before the paths below it.
   */
  public static int compare(String a, String b) {
    byte[] left = a.getBytes(StandardCharsets.UTF_8);
    byte[] right = b.getBytes(StandardCharsets.UTF_8);
    int leftStart = 0;
    int rightStart = 0;
    while (leftStart <= left.length && rightStart <= right.length) {
      int leftEnd = componentEnd(left, leftStart);
      int rightEnd = componentEnd(right, rightStart);
      int byName = Arrays.compareUnsigned(left, leftStart, leftEnd, right, rightStart, rightEnd);
      if (byName != 0) {
        return byName;
      }
      leftStart = leftEnd + 1;
      rightStart = rightEnd + 1;
    }
    // One ran out of components first: the shorter list (the ancestor) comes first.
    return Boolean.compare(leftStart <= left.length, rightStart <= right.length);
  }

  private static int componentEnd(byte[] path, int start) {
    int end = start;
    while (end < path.length && path[end] != '/') {
      end++;
    }
    return end;
  }
}
