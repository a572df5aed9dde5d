package io.prescale.collector.window.sealed;

/**
 * The count array of a {@link BucketSeries}: four counts a bucket ({@link #STRIDE}: arrivals,
 * completions, cold starts, errors) at {@code index * STRIDE + field}, in a {@code byte[]}
 * (unsigned) while every count fits in 0-255, else an {@code int[]}. The array widens to ints the
 * first time a count does not fit and narrows back when resized with all counts small again; values
 * never change with the width. Static helpers, so a series holds the bare array and no extra
 * object.
 */
final class BucketCounts {
  static final int STRIDE = 4;

  private BucketCounts() {}

  static int get(Object counts, int at) {
    return counts instanceof byte[] small ? small[at] & 0xFF : ((int[]) counts)[at];
  }

  /**
   * Adds {@code delta} to the count at {@code at}, clamped to {@code [0, Integer.MAX_VALUE]};
   * returns the array to keep (a widened copy when the count no longer fits in a byte).
   */
  static Object add(Object counts, int at, long delta) {
    // delta clamped first: get + delta must not wrap for a delta near Long.MAX_VALUE
    long d = Math.max(-(long) Integer.MAX_VALUE, Math.min(Integer.MAX_VALUE, delta));
    long v = Math.min(Integer.MAX_VALUE, Math.max(0, get(counts, at) + d));
    if (counts instanceof byte[] small) {
      if (v <= 0xFF) {
        small[at] = (byte) v;
        return counts;
      }
      int[] wide = new int[small.length];
      for (int i = 0; i < wide.length; i++) {
        wide[i] = small[i] & 0xFF;
      }
      counts = wide;
    }
    ((int[]) counts)[at] = (int) v;
    return counts;
  }

  /** Zeroes the four counts of bucket {@code index}. */
  static void clear(Object counts, int index) {
    int at = index * STRIDE;
    if (counts instanceof byte[] small) {
      small[at] = 0;
      small[at + 1] = 0;
      small[at + 2] = 0;
      small[at + 3] = 0;
    } else {
      int[] wide = (int[]) counts;
      wide[at] = 0;
      wide[at + 1] = 0;
      wide[at + 2] = 0;
      wide[at + 3] = 0;
    }
  }

  /**
   * A new array of {@code capacity} buckets holding buckets {@code [head, head + size)} at its
   * start: bytes again once every count fits, else ints.
   */
  static Object resized(Object counts, int head, int size, int capacity) {
    boolean small = true;
    for (int i = head * STRIDE, end = (head + size) * STRIDE;
        counts instanceof int[] wide && i < end && small;
        i++) {
      small = wide[i] <= 0xFF;
    }
    if (small) {
      byte[] c = new byte[capacity * STRIDE];
      for (int i = 0; i < size * STRIDE; i++) {
        c[i] = (byte) get(counts, head * STRIDE + i);
      }
      return c;
    }
    int[] c = new int[capacity * STRIDE];
    System.arraycopy(counts, head * STRIDE, c, 0, size * STRIDE);
    return c;
  }

  /** Bytes a count takes. */
  static int countBytes(Object counts) {
    return counts instanceof byte[] ? 1 : 4;
  }
}
