package io.prescale.collector.window;

/**
 * The sealed hours of a {@link SealedSeries}: one immutable {@link HourCodec} block per epoch hour
 * (null when the hour had no bucket or is not sealed), in an array indexed from {@code firstHour}
 * and at most {@code maxHours} long. Not thread-safe: {@link FunctionWindows} locks.
 */
final class SealedHours {
  private static final byte[][] NONE = new byte[0][];

  private final int maxHours;
  private long firstHour;
  private byte[][] blocks = NONE;
  private int count;

  SealedHours(int maxHours) {
    this.maxHours = maxHours;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int count() {
    return count;
  }

  byte[] get(long hour) {
    long i = hour - firstHour;
    return i >= 0 && i < blocks.length ? blocks[(int) i] : null;
  }

  void put(long hour, byte[] block) {
    if (count == 0) {
      if (blocks.length == 0) {
        blocks = new byte[Math.min(4, maxHours)][];
      }
      firstHour = hour;
    } else if (hour < firstHour) {
      long needed = firstHour + blocks.length - hour;
      int capacity = (int) Math.min(Math.max(needed, blocks.length), Integer.MAX_VALUE - 8);
      byte[][] grown = new byte[capacity][];
      int shift = (int) (firstHour - hour);
      System.arraycopy(blocks, 0, grown, shift, Math.min(blocks.length, capacity - shift));
      blocks = grown;
      firstHour = hour;
    } else if (hour - firstHour >= blocks.length) {
      compactLeft();
      long needed = hour - firstHour + 1;
      if (needed > blocks.length) {
        int capacity = (int) Math.max(needed, Math.min(2L * blocks.length, maxHours));
        byte[][] grown = new byte[capacity][];
        System.arraycopy(blocks, 0, grown, 0, blocks.length);
        blocks = grown;
      }
    }
    int i = (int) (hour - firstHour);
    if (blocks[i] == null) {
      count++;
    }
    blocks[i] = block;
  }

  byte[] remove(long hour) {
    long i = hour - firstHour;
    if (i < 0 || i >= blocks.length || blocks[(int) i] == null) {
      return null;
    }
    byte[] b = blocks[(int) i];
    blocks[(int) i] = null;
    count--;
    return b;
  }

  /** Drops the blocks of hours before {@code hour}. */
  void dropBefore(long hour) {
    for (int i = 0; i < blocks.length && firstHour + i < hour; i++) {
      if (blocks[i] != null) {
        blocks[i] = null;
        count--;
      }
    }
    if (count == 0 && blocks.length > 4) {
      blocks = NONE;
    } else if (count > 0 && blocks[0] == null) {
      compactLeft(); // keeps this loop short: it runs whenever the newest key advances
    }
  }

  /** Oldest sealed hour, or {@link Long#MAX_VALUE}. */
  long oldestHour() {
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i] != null) {
        return firstHour + i;
      }
    }
    return Long.MAX_VALUE;
  }

  /** Approximate heap bytes: the index array and every block (16-byte header, 8-byte aligned). */
  long bytes() {
    long total = 16 + 4L * blocks.length;
    for (byte[] b : blocks) {
      if (b != null) {
        total += (16 + b.length + 7) & ~7L;
      }
    }
    return total;
  }

  private void compactLeft() {
    int lead = 0;
    while (lead < blocks.length && blocks[lead] == null) {
      lead++;
    }
    if (lead > 0) {
      System.arraycopy(blocks, lead, blocks, 0, blocks.length - lead);
      java.util.Arrays.fill(blocks, blocks.length - lead, blocks.length, null);
      firstHour += lead;
    }
  }

  /** Every block with its hour, oldest first (snapshot seam: blocks are opaque there). */
  void forEach(java.util.function.ObjLongConsumer<byte[]> action) {
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i] != null) {
        action.accept(blocks[i], firstHour + i);
      }
    }
  }
}
