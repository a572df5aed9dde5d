package io.prescale.collector.window;

import java.util.Arrays;

/**
 * The sealed hours of a {@link SealedSeries}: one immutable {@link HourCodec} block per epoch hour
 * (empty when the hour had no bucket or is not sealed), at most {@code maxHours} hours from {@code
 * firstHour}. All blocks live back to back, in hour order, in ONE byte array ({@code ends[i]} is
 * where hour {@code firstHour + i}'s block ends; it starts where the previous one ends), so a
 * block costs its bytes and four for its end, not a 16-byte array header plus padding and a
 * reference each (~20 bytes, as much as a sparse hour's whole block). The array keeps at most
 * 1/8 spare room (at least 64 bytes) until {@link #trimToSize}; replacing a block moves the
 * blocks after it. {@link #version()} changes on every change, for caches of decoded blocks. Not thread-safe: {@link FunctionWindows} locks.
 */
final class SealedHours {
  private static final int[] NO_ENDS = new int[0];
  private static final byte[] NO_DATA = new byte[0];

  private final int maxHours;
  private long firstHour;
  private int[] ends = NO_ENDS;
  private byte[] data = NO_DATA;
  private int used;
  private int count;
  private long version;
  private long lastHour = Long.MIN_VALUE; // newest hour with a block (fast "no" for recent hours)

  SealedHours(int maxHours) {
    this.maxHours = maxHours;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  long version() {
    return version;
  }

  /** The shared array holding every block (see {@link #offset}, {@link #length}). */
  byte[] data() {
    return data;
  }

  boolean has(long hour) {
    return hour <= lastHour && length(hour) > 0;
  }

  /** Start in {@link #data()} of {@code hour}'s block. */
  int offset(long hour) {
    long i = hour - firstHour;
    return i > 0 && i <= ends.length ? ends[(int) i - 1] : 0;
  }

  /** Bytes of {@code hour}'s block, 0 when none. */
  int length(long hour) {
    long i = hour - firstHour;
    if (i < 0 || i >= ends.length) {
      return 0;
    }
    return ends[(int) i] - (i == 0 ? 0 : ends[(int) i - 1]);
  }

  /** A copy of {@code hour}'s block, or null. */
  byte[] get(long hour) {
    int n = length(hour);
    return n == 0 ? null : Arrays.copyOfRange(data, offset(hour), offset(hour) + n);
  }

  void put(long hour, byte[] block) {
    if (block.length == 0) {
      remove(hour);
      return;
    }
    if (count == 0) {
      if (ends.length == 0) {
        ends = new int[Math.min(4, maxHours)];
      }
      Arrays.fill(ends, 0);
      used = 0;
      firstHour = hour;
    } else if (hour < firstHour) {
      long needed = firstHour + ends.length - hour;
      int capacity = (int) Math.min(Math.max(needed, ends.length), Integer.MAX_VALUE - 8);
      int[] grown = new int[capacity];
      int shift = (int) (firstHour - hour);
      System.arraycopy(ends, 0, grown, shift, Math.min(ends.length, capacity - shift));
      Arrays.fill(grown, shift + ends.length, capacity, used);
      ends = grown;
      firstHour = hour;
    } else if (hour - firstHour >= ends.length) {
      compactLeft();
      long needed = hour - firstHour + 1;
      if (needed > ends.length) {
        int capacity = (int) Math.max(needed, Math.min(2L * ends.length, maxHours));
        int[] grown = Arrays.copyOf(ends, capacity);
        Arrays.fill(grown, ends.length, capacity, used);
        ends = grown;
      }
    }
    int i = (int) (hour - firstHour);
    if (length(hour) == 0) {
      count++;
    }
    splice(i, block);
    lastHour = Math.max(lastHour, hour);
  }

  boolean remove(long hour) {
    if (length(hour) == 0) {
      return false;
    }
    splice((int) (hour - firstHour), NO_DATA);
    count--;
    if (count == 0) {
      release();
    } else if (hour == lastHour) {
      int i = (int) (hour - firstHour);
      while (i > 0 && ends[i - 1] == (i == 1 ? 0 : ends[i - 2])) {
        i--;
      }
      lastHour = firstHour + i - 1;
    }
    return true;
  }

  /** Drops the blocks of hours before {@code hour}. */
  void dropBefore(long hour) {
    long k = Math.min(ends.length, hour - firstHour);
    if (k <= 0 || count == 0) {
      return;
    }
    int drop = (int) k;
    for (int i = 0; i < drop; i++) {
      if (ends[i] > (i == 0 ? 0 : ends[i - 1])) {
        count--;
      }
    }
    if (count == 0) {
      release();
      return;
    }
    int cut = ends[drop - 1];
    System.arraycopy(data, cut, data, 0, used - cut);
    used -= cut;
    for (int i = 0; i < ends.length - drop; i++) {
      ends[i] = ends[i + drop] - cut;
    }
    Arrays.fill(ends, ends.length - drop, ends.length, used);
    firstHour += drop;
    compactLeft();
    if (data.length > 64 && used < data.length / 2) {
      data = Arrays.copyOf(data, used + used / 16);
    }
    version++;
  }

  /** Releases the spare room of the data array (a periodic trim: the next seal grows it again). */
  void trimToSize() {
    if (data.length > used + 16) {
      data = Arrays.copyOf(data, used);
      version++;
    }
  }

  /** Oldest sealed hour, or {@link Long#MAX_VALUE}. */
  long oldestHour() {
    for (int i = 0; i < ends.length; i++) {
      if (ends[i] > 0) {
        return firstHour + i;
      }
    }
    return Long.MAX_VALUE;
  }

  /** Approximate heap bytes: this object, the ends and the data array (16-byte headers, 8-byte aligned). */
  long bytes() {
    return 40 + ((16 + 4L * ends.length + 7) & ~7L) + ((16 + data.length + 7) & ~7L);
  }

  /** Replaces the block of slot {@code i} with {@code block} (empty: none). */
  private void splice(int i, byte[] block) {
    version++;
    int start = i == 0 ? 0 : ends[i - 1];
    int end = ends[i];
    int delta = block.length - (end - start);
    int total = used + delta;
    if (total > data.length) {
      byte[] grown = new byte[total + Math.max(64, total / 8)]; // trimToSize releases it
      System.arraycopy(data, 0, grown, 0, start);
      System.arraycopy(data, end, grown, start + block.length, used - end);
      data = grown;
    } else if (delta != 0) {
      System.arraycopy(data, end, data, end + delta, used - end);
    }
    System.arraycopy(block, 0, data, start, block.length);
    used = total;
    for (int j = i; j < ends.length; j++) {
      ends[j] += delta;
    }
  }

  private void release() {
    data = NO_DATA;
    used = 0;
    lastHour = Long.MIN_VALUE;
    if (ends.length > 4) {
      ends = NO_ENDS;
    } else {
      Arrays.fill(ends, 0);
    }
    version++;
  }

  private void compactLeft() {
    int lead = 0;
    while (lead < ends.length && ends[lead] == 0) {
      lead++;
    }
    if (lead > 0 && lead < ends.length) {
      System.arraycopy(ends, lead, ends, 0, ends.length - lead);
      Arrays.fill(ends, ends.length - lead, ends.length, used);
      firstHour += lead;
    }
  }

  /** Every block (a copy) with its hour, oldest first (snapshot seam: blocks are opaque there). */
  void forEach(java.util.function.ObjLongConsumer<byte[]> action) {
    for (int i = 0; i < ends.length; i++) {
      int start = i == 0 ? 0 : ends[i - 1];
      if (ends[i] > start) {
        action.accept(Arrays.copyOfRange(data, start, ends[i]), firstHour + i);
      }
    }
  }
}
