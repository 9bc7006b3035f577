package dev.floxj.layering;

import java.math.BigInteger;
import java.util.Arrays;

/** A row of non-negative integers of one fixed width, stored flat in 62-bit limbs for cheap sums. */
final class WideCounts {
  // 62 bits leave room for two limbs and a carry to add up without overflowing a long.
  private static final int LIMB_BITS = 62;
  private static final long LIMB_MASK = (1L << LIMB_BITS) - 1;

  private final long[] limbs;
  private final int width;

  /** {@code count} zeros, each wide enough for any value up to {@code max}. */
  WideCounts(int count, BigInteger max) {
    this.width = Math.max(1, (max.bitLength() + LIMB_BITS - 1) / LIMB_BITS);
    this.limbs = new long[count * width];
  }

  /** {@code count} zeros as wide as the values of {@code like}. */
  WideCounts(int count, WideCounts like) {
    this.width = like.width;
    this.limbs = new long[count * width];
  }

  void set(int i, BigInteger value) {
    for (int limb = 0; limb < width; limb++) {
      limbs[i * width + limb] = value.shiftRight(limb * LIMB_BITS).longValue() & LIMB_MASK;
    }
  }

  /** Adds {@code from}'s value {@code j} to value {@code i}; the sum must still fit the width. */
  void add(int i, WideCounts from, int j) {
    long carry = 0;
    for (int limb = 0; limb < width; limb++) {
      long sum = limbs[i * width + limb] + from.limbs[j * width + limb] + carry;
      limbs[i * width + limb] = sum & LIMB_MASK;
      carry = sum >>> LIMB_BITS;
    }
  }

  BigInteger get(int i) {
    BigInteger value = BigInteger.valueOf(limbs[i * width + width - 1]);
    for (int limb = width - 2; limb >= 0; limb--) {
      value = value.shiftLeft(LIMB_BITS).add(BigInteger.valueOf(limbs[i * width + limb]));
    }
    return value;
  }

  void clear() {
    Arrays.fill(limbs, 0L);
  }
}
