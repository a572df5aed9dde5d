package io.prescale.collector.window.sealed;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * The sealed hours of a {@link SealedSeries}: one immutable {@link HourCodec} block per epoch hour
 * (empty when the hour had no bucket or is not sealed), at most {@code maxHours} hours from {@code
 * firstHour}. All blocks live back to back, in hour order, in ONE byte array ({@code lengths[i]} is
 * the length of hour {@code firstHour + i}'s block, which starts where the previous one ends), so a
 * block costs its bytes and two for its length, not a 16-byte array header plus padding and a
 * reference each (~20 bytes, as much as a sparse hour's whole block). A block's start is the sum of
 * the lengths before it, summed from the nearer end ({@link #start}). The array keeps at most 1/8
 * spare room (at least 64 bytes) until {@link #trimToSize}; replacing a block moves the blocks
 * after it. {@link #version()} changes on every change, for caches of decoded blocks. Not
 * thread-safe: {@link io.prescale.collector.window.FunctionWindows} locks.
 */
public final class SealedHours {
  /** Largest block: lengths are chars (a sealed hour takes a few bytes to ~3 KiB). */
  public static final int MAX_BLOCK_BYTES = 0xFFFF;

  private static final char[] NO_LENGTHS = new char[0];
  private static final byte[] NO_DATA = new byte[0];

  private final int maxHours;
  private long firstHour;
  private char[] lengths = NO_LENGTHS;
  private byte[] data = NO_DATA;
  private int used;
  private int count;
  private long version;
  private long lastHour = Long.MIN_VALUE; // newest hour with a block (fast "no" for recent hours)

  SealedHours(int maxHours) {
    this.maxHours = maxHours;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public int count() {
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
    return i > 0 && i <= lengths.length ? start((int) i) : 0;
  }

  /** Bytes of {@code hour}'s block, 0 when none. */
  int length(long hour) {
    long i = hour - firstHour;
    return i < 0 || i >= lengths.length ? 0 : lengths[(int) i];
  }

  /** A copy of {@code hour}'s block, or null. */
  byte[] get(long hour) {
    int n = length(hour);
    return n == 0 ? null : Arrays.copyOfRange(data, offset(hour), offset(hour) + n);
  }

  public void put(long hour, byte[] block) {
    if (block.length == 0) {
      remove(hour);
      return;
    }
    if (block.length > MAX_BLOCK_BYTES) {
      throw new IllegalArgumentException(
          "sealed block of hour "
              + hour
              + " = "
              + block.length
              + " bytes, must be in [1; "
              + MAX_BLOCK_BYTES
              + "]");
    }
    if (count == 0) {
      if (lengths.length == 0) {
        lengths = new char[Math.min(4, maxHours)];
      }
      Arrays.fill(lengths, (char) 0);
      used = 0;
      firstHour = hour;
    } else if (hour < firstHour) {
      long needed = firstHour + lengths.length - hour;
      int capacity = (int) Math.min(Math.max(needed, lengths.length), Integer.MAX_VALUE - 8);
      char[] grown = new char[capacity];
      int shift = (int) (firstHour - hour);
      System.arraycopy(lengths, 0, grown, shift, Math.min(lengths.length, capacity - shift));
      lengths = grown;
      firstHour = hour;
    } else if (hour - firstHour >= lengths.length) {
      compactLeft();
      long needed = hour - firstHour + 1;
      if (needed > lengths.length) {
        int capacity = (int) Math.max(needed, Math.min(2L * lengths.length, maxHours));
        lengths = Arrays.copyOf(lengths, capacity);
      }
    }
    int i = (int) (hour - firstHour);
    if (lengths[i] == 0) {
      count++;
    }
    splice(i, block);
    lastHour = Math.max(lastHour, hour);
  }

  boolean remove(long hour) {
    if (length(hour) == 0) {
      return false;
    }
    int i = (int) (hour - firstHour);
    splice(i, NO_DATA);
    count--;
    if (count == 0) {
      release();
    } else if (hour == lastHour) {
      while (i > 0 && lengths[i - 1] == 0) {
        i--;
      }
      lastHour = firstHour + i - 1;
    }
    return true;
  }

  /** Drops the blocks of hours before {@code hour}. */
  void dropBefore(long hour) {
    long k = Math.min(lengths.length, hour - firstHour);
    if (k <= 0 || count == 0) {
      return;
    }
    int drop = (int) k;
    int cut = 0;
    for (int i = 0; i < drop; i++) {
      if (lengths[i] > 0) {
        count--;
        cut += lengths[i];
      }
    }
    if (count == 0) {
      release();
      return;
    }
    System.arraycopy(data, cut, data, 0, used - cut);
    used -= cut;
    System.arraycopy(lengths, drop, lengths, 0, lengths.length - drop);
    Arrays.fill(lengths, lengths.length - drop, lengths.length, (char) 0);
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
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] > 0) {
        return firstHour + i;
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * Approximate heap bytes: this object, the lengths and the data array (16-byte headers, 8-byte
   * aligned).
   */
  long bytes() {
    return 40 + ((16 + 2L * lengths.length + 7) & ~7L) + ((16 + data.length + 7) & ~7L);
  }

  /**
   * Start in the data array of slot {@code i}: the sum of the lengths before it, summed from the
   * nearer end ({@code used} is the sum of all, and no slot after {@code lastHour}'s has a block),
   * so sealing the newest hour and reading recent or old hours add few lengths.
   */
  private int start(int i) {
    if (count == 0) {
      return 0;
    }
    long last = Math.min(lengths.length - 1, lastHour - firstHour);
    if (i > last) {
      return used;
    }
    if (i <= last - i) {
      int start = 0;
      for (int j = 0; j < i; j++) {
        start += lengths[j];
      }
      return start;
    }
    int start = used;
    for (int j = i; j <= last; j++) {
      start -= lengths[j];
    }
    return start;
  }

  /** Replaces the block of slot {@code i} with {@code block} (empty: none). */
  private void splice(int i, byte[] block) {
    version++;
    int start = start(i);
    int end = start + lengths[i];
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
    lengths[i] = (char) block.length;
  }

  private void release() {
    data = NO_DATA;
    used = 0;
    lastHour = Long.MIN_VALUE;
    if (lengths.length > 4) {
      lengths = NO_LENGTHS;
    } else {
      Arrays.fill(lengths, (char) 0);
    }
    version++;
  }

  private void compactLeft() {
    int lead = 0;
    while (lead < lengths.length && lengths[lead] == 0) {
      lead++;
    }
    if (lead > 0 && lead < lengths.length) {
      System.arraycopy(lengths, lead, lengths, 0, lengths.length - lead);
      Arrays.fill(lengths, lengths.length - lead, lengths.length, (char) 0);
      firstHour += lead;
    }
  }

  /** Every block (a copy) with its hour, oldest first (snapshot seam: blocks are opaque there). */
  public void forEach(ObjLongConsumer<byte[]> action) {
    int start = 0;
    for (int i = 0; i < lengths.length; i++) {
      int end = start + lengths[i];
      if (end > start) {
        action.accept(Arrays.copyOfRange(data, start, end), firstHour + i);
      }
      start = end;
    }
  }
}
