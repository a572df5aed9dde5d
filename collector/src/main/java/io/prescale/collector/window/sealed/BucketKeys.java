package io.prescale.collector.window.sealed;

/**
 * The key index of a {@link BucketSeries}: its bucket keys relative to the series' base, sorted
 * ascending in {@code [head, head + size)} of an array that is a {@code char[]} (two bytes a key)
 * while the series retains fewer than 65,535 keys, else an {@code int[]}. Static helpers on that
 * array, so a series holds the bare array and no extra object; the series owns head, size and base.
 */
final class BucketKeys {
  private BucketKeys() {}

  /** Two-byte keys when every live key fits in 16 bits relative to a moving base. */
  static Object newKeys(int retained, int capacity) {
    return retained < Character.MAX_VALUE ? new char[capacity] : new int[capacity];
  }

  /** Key relative to the base at physical index {@code i}. */
  static int get(Object keys, int i) {
    return keys instanceof char[] c ? c[i] : ((int[]) keys)[i];
  }

  static void set(Object keys, int i, long rel) {
    if (keys instanceof char[] c) {
      c[i] = (char) rel;
    } else {
      ((int[]) keys)[i] = (int) rel;
    }
  }

  static int capacity(Object keys) {
    return keys instanceof char[] c ? c.length : ((int[]) keys).length;
  }

  /** Bytes a key takes. */
  static int keyBytes(Object keys) {
    return keys instanceof char[] ? 2 : 4;
  }

  /** Subtracts {@code shift} from the char keys in {@code [from, to)} (the base moves by it). */
  static void shift(char[] keys, int from, int to, long shift) {
    for (int i = from; i < to; i++) {
      keys[i] = (char) (keys[i] - shift);
    }
  }

  /**
   * First physical index in {@code [head, end)} with a key {@code >= rel} (may be {@code end}): a
   * short backwards scan from the newest (appends and late data land there), else a binary search.
   */
  static int lowerBound(Object keys, int head, int end, long rel) {
    int i = end - 1;
    int stop = Math.max(head, end - 8);
    while (i >= stop && get(keys, i) > rel) {
      i--;
    }
    if (i < head || get(keys, i) <= rel) {
      return i < head ? head : (get(keys, i) == rel ? i : i + 1);
    }
    int lo = head;
    int hi = i;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (get(keys, mid) < rel) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
