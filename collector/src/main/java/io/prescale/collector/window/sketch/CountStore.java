package io.prescale.collector.window.sketch;

import com.datadoghq.sketch.ddsketch.encoding.Flag;
import com.datadoghq.sketch.ddsketch.encoding.Output;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.BinAcceptor;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A DDSketch bin store that behaves like the library's {@link CollapsingLowestDenseStore} (same
 * index range {@code [min, max]}, same counts, same collapsing of the lowest bins once the range
 * spans more than {@code maxBins} indexes, same merges) but keeps only its non-zero bins: sorted
 * 2-byte keys (index minus a base) and counts in the narrowest array that fits them, one byte per
 * bin while every count is at most 255, promoted for the whole array to {@code char} (65,535),
 * {@code int} and finally {@code double} (any count, also a fractional one) when a bin outgrows its
 * width ({@link BinCounts}). The library keeps a {@code double} per index of the range: a collapsed
 * 512-bin sketch costs ~4.1 KiB there, and ~0.3 KiB here for the ~90 bins five minutes of a busy
 * function's durations fill. Whole counts below 2<sup>53</sup> sum exactly either way, so a sketch
 * on this store answers every quantile exactly as one on the library's store (tested in {@code
 * CountStoreTest}). Not thread-safe: {@link io.prescale.collector.window.FunctionWindows} locks.
 */
public final class CountStore implements Store {
  private static final int BYTE = BinCounts.BYTE;

  private final int maxBins;
  private int min = Integer.MAX_VALUE; // the library's range (its end bins may hold zero)
  private int max = Integer.MIN_VALUE;
  private boolean collapsed;
  private int base; // keys are index - base, in [0, 65535]: base <= min and max - base < maxBins
  private char[] keys; // the n non-zero bins, ascending; null when none
  private Object counts; // byte[], char[], int[] or double[] by width, parallel to keys (BinCounts)
  private int width = BYTE;
  private int n;

  CountStore(int maxBins) {
    if (maxBins < 1 || maxBins > Character.MAX_VALUE) {
      throw new IllegalArgumentException("maxBins = " + maxBins + ", must be in [1; 65535]");
    }
    this.maxBins = maxBins;
  }

  @Override
  public void add(int index) {
    addAt(target(index), 1);
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
    addAt(target(index), count);
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
    for (int k = 0; k < other.n; k++) { // ascending; below our lowest bin (collapsed) goes into it
      addAt(Math.max(min, other.index(k)), other.count(k));
    }
  }

  @Override
  public Store copy() {
    CountStore c = new CountStore(maxBins);
    c.min = min;
    c.max = max;
    c.collapsed = collapsed;
    c.base = base;
    c.width = width;
    c.n = n;
    if (n > 0) {
      c.keys = Arrays.copyOf(keys, n);
      c.counts = BinCounts.newArray(width, n);
      System.arraycopy(counts, 0, c.counts, 0, n);
    }
    return c;
  }

  @Override
  public void clear() {
    keys = null;
    counts = null;
    width = BYTE;
    n = 0;
    min = Integer.MAX_VALUE;
    max = Integer.MIN_VALUE;
    base = 0;
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
    for (int k = 0; k < n; k++) { // ascending, as the library sums (its zero bins add nothing)
      total += count(k);
    }
    return total;
  }

  @Override
  public void forEach(BinAcceptor acceptor) {
    for (int k = 0; k < n; k++) { // the library's: non-zero bins, and max (never zero)
      acceptor.accept(index(k), count(k));
    }
  }

  @Override
  public Iterator<Bin> getAscendingIterator() {
    return new StoreBins(this, true);
  }

  @Override
  public Iterator<Bin> getDescendingIterator() {
    return new StoreBins(this, false);
  }

  @Override
  public void encode(Output output, Flag.Type storeFlagType) throws IOException {
    CollapsingLowestDenseStore dense = new CollapsingLowestDenseStore(maxBins);
    forEach(dense::add);
    dense.encode(output, storeFlagType);
  }

  /** Approximate heap bytes (object and arrays). */
  long bytes() {
    if (keys == null) {
      return 48;
    }
    long element = BinCounts.elementBytes(width);
    return 48 + ((16 + 2L * keys.length + 7) & ~7L) + ((16 + element * keys.length + 7) & ~7L);
  }

  /** The bin {@code index} counts into, extending (or collapsing) the range as the library does. */
  private int target(int index) {
    if (index < min) {
      if (collapsed) {
        return min;
      }
      extendRange(index, index);
      if (collapsed) {
        return min;
      }
    } else if (index > max) {
      extendRange(index, index);
    }
    return index;
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
      min = newMin;
      max = newMax;
      rebase();
      return;
    }
    int lowest = newMax - maxBins + 1;
    double folded = 0;
    int k = 0;
    while (k < n && index(k) < lowest) { // ascending, as the library sums
      folded += count(k);
      k++;
    }
    remove(0, k);
    min = lowest;
    max = newMax;
    collapsed = true;
    rebase();
    if (folded != 0) {
      addAt(lowest, folded);
    }
  }

  /** Moves the base to {@code min} when a key would leave {@code [0, 65535]}. */
  private void rebase() {
    if (n == 0) {
      base = min;
      return;
    }
    if (min < base || (long) max - base > Character.MAX_VALUE) {
      int shift = base - min;
      for (int k = 0; k < n; k++) {
        keys[k] = (char) (keys[k] + shift);
      }
      base = min;
    }
  }

  /** Adds {@code count} (non-zero) to bin {@code index} (in the range). */
  private void addAt(int index, double count) {
    int rel = index - base;
    int lo = 0;
    int hi = n - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int key = keys[mid];
      if (key < rel) {
        lo = mid + 1;
      } else if (key > rel) {
        hi = mid - 1;
      } else {
        set(mid, count(mid) + count);
        return;
      }
    }
    if (keys == null || n == keys.length) {
      grow();
    }
    System.arraycopy(keys, lo, keys, lo + 1, n - lo);
    System.arraycopy(counts, lo, counts, lo + 1, n - lo);
    keys[lo] = (char) rel;
    n++;
    setUnchecked(lo, 0);
    set(lo, count);
  }

  /** Removes entries {@code [from, to)}. */
  private void remove(int from, int to) {
    if (to <= from) {
      return;
    }
    System.arraycopy(keys, to, keys, from, n - to);
    System.arraycopy(counts, to, counts, from, n - to);
    n -= to - from;
  }

  private void grow() {
    int capacity = keys == null ? 4 : n + Math.max(4, n / 4);
    char[] k = new char[capacity];
    Object c = BinCounts.newArray(width, capacity);
    if (keys != null) {
      System.arraycopy(keys, 0, k, 0, n);
      System.arraycopy(counts, 0, c, 0, n);
    }
    keys = k;
    counts = c;
  }

  /** Number of non-zero bins. */
  int binCount() {
    return n;
  }

  /** Index of the {@code k}-th non-zero bin (ascending). */
  int index(int k) {
    return base + keys[k];
  }

  /** Count of the {@code k}-th non-zero bin. */
  double count(int k) {
    return BinCounts.get(counts, width, k);
  }

  private void set(int k, double value) {
    int w = BinCounts.widthOf(value);
    if (w > width) {
      counts = BinCounts.widened(counts, width, w, n, keys.length);
      width = w;
    }
    setUnchecked(k, value);
  }

  private void setUnchecked(int k, double value) {
    BinCounts.set(counts, width, k, value);
  }
}
