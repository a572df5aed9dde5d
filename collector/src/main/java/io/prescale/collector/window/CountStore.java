package io.prescale.collector.window;

import com.datadoghq.sketch.ddsketch.encoding.Flag;
import com.datadoghq.sketch.ddsketch.encoding.Output;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import com.datadoghq.sketch.ddsketch.store.BinAcceptor;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A DDSketch bin store that behaves like the library's {@link CollapsingLowestDenseStore} (same
 * bins, same counts, same collapsing of the lowest bins once the bins span more than {@code
 * maxBins} indexes, same merges) but holds its counts in the narrowest array that fits them: one
 * byte per bin while every count is at most 255, promoted for the whole array to {@code char}
 * (65,535), {@code int} and finally {@code double} (any count, also a fractional one) when a bin
 * outgrows its width. The library keeps a {@code double} per bin: a collapsed 512-bin sketch costs
 * ~4.1 KiB there and ~0.5 KiB here. Whole counts below 2<sup>53</sup> sum exactly either way, so
 * a sketch on this store answers every quantile exactly as one on the library's store (tested in
 * {@code CountStoreTest}). Not thread-safe: {@link FunctionWindows} locks.
 */
final class CountStore implements Store {
  private static final int BYTE = 0;
  private static final int CHAR = 1;
  private static final int INT = 2;
  private static final int DOUBLE = 3;

  private final int maxBins;
  private Object counts; // byte[], char[], int[] or double[] by width; null before the first bin
  private int width = BYTE;
  private int capacity;
  private int offset; // index held in counts[0]
  private int min = Integer.MAX_VALUE;
  private int max = Integer.MIN_VALUE;
  private boolean collapsed;

  CountStore(int maxBins) {
    if (maxBins < 1) {
      throw new IllegalArgumentException("maxBins = " + maxBins + ", must be in [1; 2^31)");
    }
    this.maxBins = maxBins;
  }

  @Override
  public void add(int index) {
    int slot = normalize(index);
    set(slot, get(slot) + 1);
  }

  @Override
  public void add(int index, long count) {
    add(index, (double) count);
  }

  @Override
  public void add(int index, double count) {
    if (count < 0) {
      throw new IllegalArgumentException("sketch bin count = " + count + ", must be >= 0");
    }
    if (count == 0) {
      return;
    }
    int slot = normalize(index);
    set(slot, get(slot) + count);
  }

  @Override
  public void add(Bin bin) {
    add(bin.getIndex(), bin.getCount());
  }

  @Override
  public void mergeWith(Store store) {
    if (!(store instanceof CountStore other)) {
      for (Iterator<Bin> it = store.getDescendingIterator(); it.hasNext(); ) {
        add(it.next());
      }
      return;
    }
    if (other.isEmpty()) {
      return;
    }
    if (other.min < min || other.max > max) {
      extendRange(other.min, other.max);
    }
    int i = other.min;
    for (; i < min && i <= other.max; i++) { // collapsed: below our lowest bin goes into it
      int slot = min - offset;
      set(slot, get(slot) + other.get(i - other.offset));
    }
    for (; i <= other.max; i++) {
      int slot = i - offset;
      set(slot, get(slot) + other.get(i - other.offset));
    }
  }

  @Override
  public Store copy() {
    CountStore c = new CountStore(maxBins);
    c.collapsed = collapsed;
    c.min = min;
    c.max = max;
    c.width = width;
    if (isEmpty() || counts == null) {
      c.offset = offset;
      return c;
    }
    c.capacity = max - min + 1;
    c.counts = newArray(width, c.capacity);
    System.arraycopy(counts, min - offset, c.counts, 0, c.capacity);
    c.offset = min;
    return c;
  }

  @Override
  public void clear() {
    counts = null; // the next window sizes its own array (a sketch rotates every few minutes)
    capacity = 0;
    width = BYTE;
    min = Integer.MAX_VALUE;
    max = Integer.MIN_VALUE;
    offset = 0;
    collapsed = false;
  }

  @Override
  public boolean isEmpty() {
    return max < min;
  }

  @Override
  public int getMinIndex() {
    if (isEmpty()) {
      throw new NoSuchElementException("empty store has no min index");
    }
    return min;
  }

  @Override
  public int getMaxIndex() {
    if (isEmpty()) {
      throw new NoSuchElementException("empty store has no max index");
    }
    return max;
  }

  @Override
  public double getTotalCount() {
    double total = 0;
    for (int i = min; i <= max; i++) { // ascending, as the library sums
      total += get(i - offset);
    }
    return total;
  }

  @Override
  public void forEach(BinAcceptor acceptor) {
    if (isEmpty()) {
      return;
    }
    for (int i = min; i < max; i++) {
      double c = get(i - offset);
      if (c != 0) {
        acceptor.accept(i, c);
      }
    }
    acceptor.accept(max, get(max - offset));
  }

  @Override
  public Iterator<Bin> getAscendingIterator() {
    return new Bins(true);
  }

  @Override
  public Iterator<Bin> getDescendingIterator() {
    return new Bins(false);
  }

  @Override
  public void encode(Output output, Flag.Type storeFlagType) throws IOException {
    CollapsingLowestDenseStore dense = new CollapsingLowestDenseStore(maxBins);
    forEach(dense::add);
    dense.encode(output, storeFlagType);
  }

  /** Approximate heap bytes (object and array). */
  long bytes() {
    long element = width == BYTE ? 1 : width == CHAR ? 2 : width == INT ? 4 : 8;
    return 40 + (counts == null ? 0 : 16 + ((capacity * element + 7) & ~7L));
  }

  /** Array slot of {@code index}, extending (or collapsing) the range as the library does. */
  private int normalize(int index) {
    if (index < min) {
      if (collapsed) {
        return min - offset;
      }
      extendRange(index, index);
      if (collapsed) {
        return min - offset;
      }
    } else if (index > max) {
      extendRange(index, index);
    }
    return index - offset;
  }

  /**
   * Makes the range cover {@code [lo, hi]}; when that spans more than {@code maxBins} indexes, the
   * bins below {@code newMax - maxBins + 1} are summed into that lowest kept bin, and the store is
   * collapsed from then on (a lower index goes into the lowest bin) until {@link #clear}.
   */
  private void extendRange(int lo, int hi) {
    int newMin = Math.min(lo, min);
    int newMax = Math.max(hi, max);
    if ((long) newMax - newMin + 1 <= maxBins) {
      place(newMin, newMax);
      min = newMin;
      max = newMax;
      return;
    }
    int lowest = newMax - maxBins + 1;
    double folded = 0;
    if (!isEmpty() && min < lowest) {
      int last = Math.min(max, lowest - 1);
      for (int i = min; i <= last; i++) { // ascending, as the library sums
        folded += get(i - offset);
      }
      fill(counts, min - offset, last - offset + 1);
      if (last == max) {
        max = Integer.MIN_VALUE; // every bin folded: nothing left to move
        min = Integer.MAX_VALUE;
      } else {
        min = lowest;
      }
    }
    place(lowest, newMax);
    min = lowest;
    max = newMax;
    collapsed = true;
    if (folded != 0) {
      int slot = lowest - offset;
      set(slot, get(slot) + folded);
    }
  }

  /**
   * Lays the array out to hold indexes {@code [lo, hi]} (at most {@code maxBins}), which contain
   * the current bins {@code [min, max]}; keeps their counts. Invariant: every slot outside {@code
   * [min, max]} is zero.
   */
  private void place(int lo, int hi) {
    if (counts != null && lo >= offset && (long) hi < (long) offset + capacity) {
      return;
    }
    int range = hi - lo + 1;
    boolean reuse = counts != null && capacity >= range;
    int cap = reuse ? capacity : Math.min(maxBins, (range + Math.max(16, range / 8) + 15) & ~15);
    int newOffset = lo - (cap - range) / 2; // room on both sides
    Object next = reuse ? counts : newArray(width, cap);
    if (!isEmpty()) {
      System.arraycopy(counts, min - offset, next, min - newOffset, max - min + 1);
      if (reuse) {
        fill(next, 0, min - newOffset);
        fill(next, max - newOffset + 1, cap);
      }
    }
    counts = next;
    capacity = cap;
    offset = newOffset;
  }

  private double get(int slot) {
    switch (width) {
      case BYTE:
        return ((byte[]) counts)[slot] & 0xFF;
      case CHAR:
        return ((char[]) counts)[slot];
      case INT:
        return ((int[]) counts)[slot];
      default:
        return ((double[]) counts)[slot];
    }
  }

  private void set(int slot, double value) {
    int w = widthOf(value);
    if (w > width) {
      promote(w);
    }
    switch (width) {
      case BYTE -> ((byte[]) counts)[slot] = (byte) value;
      case CHAR -> ((char[]) counts)[slot] = (char) value;
      case INT -> ((int[]) counts)[slot] = (int) value;
      default -> ((double[]) counts)[slot] = value;
    }
  }

  private static int widthOf(double value) {
    if (value != (int) value) {
      return DOUBLE; // fractional, NaN or above int
    }
    return value <= 0xFF ? BYTE : value <= 0xFFFF ? CHAR : INT;
  }

  private void promote(int to) {
    Object next = newArray(to, capacity);
    for (int i = 0; i < capacity; i++) {
      double v = get(i);
      switch (to) {
        case CHAR -> ((char[]) next)[i] = (char) v;
        case INT -> ((int[]) next)[i] = (int) v;
        default -> ((double[]) next)[i] = v;
      }
    }
    counts = next;
    width = to;
  }

  private static Object newArray(int width, int length) {
    return switch (width) {
      case BYTE -> new byte[length];
      case CHAR -> new char[length];
      case INT -> new int[length];
      default -> new double[length];
    };
  }

  private void fill(Object array, int from, int to) {
    if (from >= to) {
      return;
    }
    switch (width) {
      case BYTE -> java.util.Arrays.fill((byte[]) array, from, to, (byte) 0);
      case CHAR -> java.util.Arrays.fill((char[]) array, from, to, (char) 0);
      case INT -> java.util.Arrays.fill((int[]) array, from, to, 0);
      default -> java.util.Arrays.fill((double[]) array, from, to, 0);
    }
  }

  /** Non-zero bins in index order (ascending or descending), then done. */
  private final class Bins implements Iterator<Bin> {
    private final boolean up;
    private int next;

    Bins(boolean up) {
      this.up = up;
      this.next = isEmpty() ? 0 : up ? min : max;
      skipZeros();
    }

    @Override
    public boolean hasNext() {
      return !isEmpty() && (up ? next <= max : next >= min);
    }

    @Override
    public Bin next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more bins");
      }
      Bin bin = new Bin(next, get(next - offset));
      next += up ? 1 : -1;
      skipZeros();
      return bin;
    }

    private void skipZeros() {
      while (hasNext() && get(next - offset) == 0) {
        next += up ? 1 : -1;
      }
    }
  }
}
