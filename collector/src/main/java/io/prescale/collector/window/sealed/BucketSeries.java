package io.prescale.collector.window.sealed;

import java.util.Arrays;

/**
 * A sparse, sorted run of buckets keyed by epoch second or epoch minute, holding only the buckets
 * that received data, within {@code retained} keys of the newest, ~14 bytes per bucket. It holds
 * the recent, mutable part of a {@link SealedSeries}; older buckets are sealed into compressed
 * blocks there.
 *
 * <p>Each bucket has four int counts (arrivals, completions, cold starts, errors), the in-flight
 * time (seconds of invocation time inside the bucket; divided by the bucket length it is the
 * time-weighted mean concurrency) and, once {@link #sample} was used, a live in-flight sample (NaN
 * when none) that takes precedence over the reconstructed in-flight time.
 *
 * <p>Counts are bytes while every count of the series fits in one (0-255), else ints ({@link
 * BucketCounts}). Keys are relative to {@code base}: chars while {@code retained} is below 65,535
 * (the base moves when a key would leave {@code [0, 65535]}; live keys span less than {@code
 * retained}), ints otherwise ({@link BucketKeys}).
 *
 * <p>Entries live in {@code [head, head + size)} of parallel primitive arrays. Appending a newer
 * key is O(1) amortised; a key a few buckets back (late data) is found by a short backwards scan
 * and inserted by shifting the newer entries. Not thread-safe: {@link
 * io.prescale.collector.window.FunctionWindows} locks.
 */
public final class BucketSeries {
  public static final int ARRIVALS = 0;
  public static final int COMPLETIONS = 1;
  public static final int COLD = 2;
  public static final int ERRORS = 3;
  private static final int STRIDE = BucketCounts.STRIDE;
  private static final int MIN_CAPACITY = 4;

  private final int retained;
  private long base;
  private Object keys; // char[] while retained < 65536 (rebased to stay in range), else int[]
  private Object counts =
      new byte[0]; // byte[]: four unsigned bytes a bucket while every count fits; else int[]
  private double[] inflight = new double[0];
  private double[] samples;
  private int head;
  private int size;
  // the physical indices of the last two keys asked (an invocation asks for its start's bucket,
  // then its end's); a hit is confirmed by the key stored there, so any change since is harmless
  private int recent0 = -1;
  private int recent1 = -1;
  private int readHint = -1; // where the last read's search ended (see lowerBoundNear)

  BucketSeries(int retained) {
    this.retained = retained;
    this.keys = BucketKeys.newKeys(retained, 0);
  }

  public int size() {
    return size;
  }

  long newestKey() {
    return size == 0 ? Long.MIN_VALUE : base + key(head + size - 1);
  }

  /** Oldest key still answered: keys at or below {@code newest - retained} are expired. */
  long oldestAnswered() {
    return size == 0 ? Long.MAX_VALUE : base + key(head + size - 1) - retained + 1;
  }

  /** Oldest key answered once {@code key} is recorded too. */
  long oldestAnsweredWith(long key) {
    return Math.max(key, newestKey()) - retained + 1;
  }

  /** Physical index of {@code key}, or -1 when it holds no data or is out of retention. */
  int find(long key) {
    if (size == 0) {
      return -1;
    }
    int end = head + size;
    long rel = key - base;
    long newest = key(end - 1);
    if (rel > newest || rel <= newest - retained) {
      return -1;
    }
    int pos = lowerBoundNear(rel, end);
    return pos < end && key(pos) == rel ? pos : -1;
  }

  /**
   * {@link BucketKeys#lowerBound}, first trying where the previous read ended and the index after
   * it (reads move forward through the seconds); a hint is used only when the keys around it prove
   * it, so changes since do no harm.
   */
  private int lowerBoundNear(long rel, int end) {
    for (int h = readHint, k = 0; k < 2; k++, h++) {
      if (h >= head && h <= end && (h == head || key(h - 1) < rel) && (h == end || key(h) >= rel)) {
        readHint = h;
        return h;
      }
    }
    int pos = BucketKeys.lowerBound(keys, head, end, rel);
    readHint = pos;
    return pos;
  }

  /** Physical index of {@code key}, inserting an empty bucket; -1 when older than retention. */
  public int slot(long key) {
    if (isAt(recent0, key)) {
      return recent0;
    }
    if (isAt(recent1, key)) {
      int i = recent1;
      recent1 = recent0;
      recent0 = i;
      return i;
    }
    int i = findOrInsert(key);
    if (i >= 0) {
      recent1 = recent0;
      recent0 = i;
    }
    return i;
  }

  private boolean isAt(int i, long key) {
    return i >= head && i < head + size && base + key(i) == key;
  }

  private int findOrInsert(long key) {
    int end = head + size;
    long rel = key - base;
    if (size == 0 || rel > key(end - 1)) {
      expireUpTo(rel - retained);
      if (size == 0 || rel > Integer.MAX_VALUE) {
        expireUpTo(Long.MAX_VALUE);
        base = key;
        rel = 0;
      } else if (rel > Character.MAX_VALUE && keys instanceof char[]) {
        rel -= rebase(key(head)); // the live keys span less than retained < 65536
      }
      ensureTailRoom();
      int i = head + size;
      BucketKeys.set(keys, i, rel);
      clear(i);
      size++;
      return i;
    }
    if (rel <= key(end - 1) - retained) {
      return -1;
    }
    if (rel < 0 && keys instanceof char[]) { // late, before the base
      rel -= rebase(rel);
    }
    int pos = BucketKeys.lowerBound(keys, head, head + size, rel);
    if (key(pos) == rel) {
      return pos;
    }
    int offset = pos - head;
    ensureTailRoom();
    pos = head + offset;
    int n = head + size - pos;
    System.arraycopy(keys, pos, keys, pos + 1, n);
    System.arraycopy(counts, pos * STRIDE, counts, (pos + 1) * STRIDE, n * STRIDE);
    System.arraycopy(inflight, pos, inflight, pos + 1, n);
    if (samples != null) {
      System.arraycopy(samples, pos, samples, pos + 1, n);
    }
    BucketKeys.set(keys, pos, rel);
    clear(pos);
    size++;
    return pos;
  }

  public void add(int index, int field, long delta) {
    counts = BucketCounts.add(counts, index * STRIDE + field, delta);
  }

  private int get(int at) {
    return BucketCounts.get(counts, at);
  }

  public void addInflight(int index, double seconds) {
    inflight[index] += seconds;
  }

  /** Sets the live sample of bucket {@code index}; returns the in-flight value it replaces. */
  public double sample(int index, double value) {
    if (samples == null) {
      samples = new double[capacity()];
      Arrays.fill(samples, Double.NaN);
    }
    double before = effective(index);
    samples[index] = value;
    return before;
  }

  public boolean sampled(int index) {
    return samples != null && !Double.isNaN(samples[index]);
  }

  /** The sample when there is one, else the reconstructed in-flight time. */
  public double effective(int index) {
    if (samples != null) {
      double s = samples[index];
      if (!Double.isNaN(s)) {
        return s;
      }
    }
    return inflight[index];
  }

  public int count(int index, int field) {
    return get(index * STRIDE + field);
  }

  long count(long key, int field) {
    int i = find(key);
    return i < 0 ? 0 : get(i * STRIDE + field);
  }

  double effective(long key) {
    int i = find(key);
    return i < 0 ? 0 : effective(i);
  }

  /** Sum of {@code field} over keys in {@code [from, to)}. */
  long sum(int field, long from, long to) {
    long total = 0;
    long relTo = to - base;
    for (int i = firstAtOrAfter(from), end = head + size; i < end && key(i) < relTo; i++) {
      total += get(i * STRIDE + field);
    }
    return total;
  }

  /** Sum of effective in-flight time over keys in {@code [from, to)}. */
  double sumEffective(long from, long to) {
    double total = 0;
    long relTo = to - base;
    for (int i = firstAtOrAfter(from), end = head + size; i < end && key(i) < relTo; i++) {
      total += effective(i);
    }
    return total;
  }

  /** Newest key below {@code to} whose {@code field} is non-zero, or {@link Long#MIN_VALUE}. */
  long newestWith(int field, long to) {
    long oldest = oldestAnswered();
    for (int i = head + size - 1; i >= head; i--) {
      long key = base + key(i);
      if (key < to && get(i * STRIDE + field) > 0 && key >= oldest) {
        return key;
      }
    }
    return Long.MIN_VALUE;
  }

  /** Copies buckets {@code [from, from + n)} into the column arrays (absent buckets stay 0). */
  void copy(
      long from,
      int n,
      long[] arrivals,
      long[] completions,
      long[] cold,
      long[] errors,
      double[] inflightOut) {
    long relFrom = from - base;
    for (int i = firstAtOrAfter(from), end = head + size; i < end && key(i) < relFrom + n; i++) {
      int at = (int) (key(i) - relFrom);
      arrivals[at] = get(i * STRIDE + ARRIVALS);
      completions[at] = get(i * STRIDE + COMPLETIONS);
      cold[at] = get(i * STRIDE + COLD);
      errors[at] = get(i * STRIDE + ERRORS);
      inflightOut[at] = effective(i);
    }
  }

  /**
   * Drops expired buckets relative to {@code newestKeyNow} and releases spare capacity: more than a
   * quarter of the size spare shrinks the arrays to an eighth spare (periodic maintenance, so a
   * series whose size swings with sealing does not reallocate on every call).
   */
  void trim(long newestKeyNow) {
    expireUpTo(newestKeyNow - base - retained);
    if (capacity() > size + size / 4 + MIN_CAPACITY) {
      resize(Math.max(MIN_CAPACITY, size + size / 8));
    }
  }

  /** Physical index of the oldest bucket (the first of {@code [first(), first() + size())}). */
  public int first() {
    return head;
  }

  public long keyAt(int index) {
    return base + key(index);
  }

  /** Drops the {@code n} oldest buckets (sealed elsewhere) and releases spare capacity. */
  void dropOldest(int n) {
    head += n;
    size -= n;
    if (size == 0) {
      head = 0;
    }
    if (capacity() > 16 && size < capacity() / 4) {
      resize(Math.max(MIN_CAPACITY, size * 2));
    }
  }

  /** Key relative to {@code base} at physical index {@code i}. */
  private int key(int i) {
    return BucketKeys.get(keys, i);
  }

  private int capacity() {
    return BucketKeys.capacity(keys);
  }

  /**
   * Moves the base by {@code shift} (negative: back) and the char keys the other way; every live
   * key stays within {@code [0, retained)}. Returns {@code shift}.
   */
  private long rebase(long shift) {
    BucketKeys.shift((char[]) keys, head, head + size, shift);
    base += shift;
    return shift;
  }

  /** Approximate heap bytes of the arrays. */
  long bytes() {
    long n = capacity();
    return 16 * 4
        + n * BucketKeys.keyBytes(keys)
        + n * STRIDE * BucketCounts.countBytes(counts)
        + n * 8
        + (samples == null ? 0 : n * 8);
  }

  private int firstAtOrAfter(long key) {
    if (size == 0) {
      return head;
    }
    long from = Math.max(key - base, (long) key(head + size - 1) - retained + 1);
    return BucketKeys.lowerBound(keys, head, head + size, from);
  }

  /** Drops buckets whose relative key is at or below {@code maxExpiredKey}. */
  private void expireUpTo(long maxExpiredKey) {
    while (size > 0 && key(head) <= maxExpiredKey) {
      head++;
      size--;
    }
    if (size == 0) {
      head = 0;
    }
  }

  private void ensureTailRoom() {
    if (head + size < capacity()) {
      return;
    }
    if (head > 0 && head >= capacity() / 8) { // a sealing series drops its head: reuse
      compact();
    } else {
      int grown = capacity() + Math.max(MIN_CAPACITY, capacity() / 8); // 1.125x: this is the heap
      resize(Math.max(size + 1, Math.min(grown, retained + 1)));
    }
  }

  /** Moves the entries to the start of the arrays (no allocation). */
  private void compact() {
    System.arraycopy(keys, head, keys, 0, size);
    System.arraycopy(counts, head * STRIDE, counts, 0, size * STRIDE);
    System.arraycopy(inflight, head, inflight, 0, size);
    if (samples != null) {
      System.arraycopy(samples, head, samples, 0, size); // slots past size are cleared when used
    }
    head = 0;
  }

  private void resize(int capacity) {
    Object k = BucketKeys.newKeys(retained, capacity);
    double[] f = new double[capacity];
    System.arraycopy(keys, head, k, 0, size);
    counts =
        BucketCounts.resized(counts, head, size, capacity); // bytes again once every count fits
    System.arraycopy(inflight, head, f, 0, size);
    if (samples != null) {
      double[] s = new double[capacity];
      Arrays.fill(s, Double.NaN);
      System.arraycopy(samples, head, s, 0, size);
      samples = s;
    }
    keys = k;
    inflight = f;
    head = 0;
  }

  private void clear(int i) {
    BucketCounts.clear(counts, i);
    inflight[i] = 0;
    if (samples != null) {
      samples[i] = Double.NaN;
    }
  }
}
