package io.prescale.collector.window.sealed;

import java.util.Arrays;

/**
 * A tier of a function's buckets (minutes, and seconds: with seconds read "block of 60 seconds" for
 * "hour" below): the same questions as a {@link BucketSeries}, in a fraction of the memory. Recent
 * minutes (the current hour, plus the lateness) live in a mutable {@link BucketSeries}; once the
 * newest minute is {@code sealLag} minutes past the end of an hour, that hour's buckets are sealed
 * into one immutable {@link HourCodec} block (a few bytes to a few hundred per hour) in {@link
 * SealedHours}. Every hour is either sealed or in the recent series.
 *
 * <p>Data for a sealed minute (an invocation that started long before it ended) unseals its hour
 * back into the recent series, where it is sealed again on a later minute; each such re-seal rounds
 * that hour's in-flight times once more ({@link HourCodec#RELATIVE_ERROR}).
 *
 * <p>With {@code coarseAfter > 0}, an hour whose last minute is more than {@code coarseAfter}
 * minutes older than the newest is re-encoded once with {@link HourCodec#COARSE_BITS} of in-flight
 * precision (and sealed again with it after any unseal); younger hours keep {@link
 * HourCodec#FINE_BITS}. Counts are exact either way.
 *
 * <p>Reads of a sealed minute decode its hour once into a per-thread cache keyed by the sealed
 * hours, the hour and their version ({@link SealedReads}), so a scan of old minutes decodes each
 * hour once and reads of the newest minutes never decode. Retention follows {@link BucketSeries}:
 * minutes at or below {@code newest - retained} answer zero and are dropped by {@link #trim}. Not
 * thread-safe: {@link io.prescale.collector.window.FunctionWindows} locks.
 */
public final class SealedSeries {
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  private final int retained;
  private final int sealLag;
  private final int coarseAfter;
  private long coarseUpTo = Long.MIN_VALUE;
  private final BucketSeries recent;
  private final SealedHours sealed;
  private long newest = Long.MIN_VALUE;

  /**
   * @param retained minutes kept
   * @param sealLag minutes past an hour's end before it is sealed (lateness in minutes, plus one)
   */
  public SealedSeries(int retained, int sealLag) {
    this(retained, sealLag, 0);
  }

  /** As above; hours older than {@code coarseAfter} minutes (0: never) get coarse in-flight. */
  public SealedSeries(int retained, int sealLag, int coarseAfter) {
    this.coarseAfter = Math.max(0, coarseAfter);
    this.retained = retained;
    this.sealLag = Math.max(1, sealLag);
    this.recent = new BucketSeries(retained);
    this.sealed = new SealedHours(retained / M + 2);
  }

  public long newestKey() {
    return newest;
  }

  public long oldestAnsweredWith(long key) {
    return Math.max(key, newest) - retained + 1;
  }

  /** Index in the recent series of {@code key}'s bucket (see {@link BucketSeries#slot}). */
  public int slot(long key) {
    if (newest != Long.MIN_VALUE && key <= newest - retained) {
      return -1;
    }
    if (key > newest) {
      newest = key;
      sealed.dropBefore(Math.floorDiv(key - retained + 1, M));
      seal(sealBoundary(key));
      coarsen(key);
    }
    long hour = Math.floorDiv(key, M);
    if (sealed.has(hour)) {
      unseal(hour);
    }
    return recent.slot(key);
  }

  public void add(int index, int field, long delta) {
    recent.add(index, field, delta);
  }

  public void addInflight(int index, double seconds) {
    recent.addInflight(index, seconds);
  }

  /** See {@link BucketSeries#sample}; a sealed bucket keeps its sample (as its in-flight value). */
  public double sample(int index, double value) {
    return recent.sample(index, value);
  }

  public boolean sampled(int index) {
    return recent.sampled(index);
  }

  /** Newest key below {@code to} whose {@code field} is non-zero, or {@link Long#MIN_VALUE}. */
  public long newestWith(int field, long to) {
    if (newest == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    long oldest = newest - retained + 1;
    long found = recent.newestWith(field, to);
    if (found < oldest) {
      found = Long.MIN_VALUE;
    }
    return SealedReads.newestWith(sealed, field, oldest, Math.min(to - 1, newest), found);
  }

  public long count(long key, int field) {
    if (!answered(key)) {
      return 0;
    }
    long hour = Math.floorDiv(key, M);
    if (sealed.has(hour)) {
      return decoded(hour).counts[(int) Math.floorMod(key, M) * F + field];
    }
    return recent.count(key, field);
  }

  public double effective(long key) {
    if (!answered(key)) {
      return 0;
    }
    long hour = Math.floorDiv(key, M);
    if (sealed.has(hour)) {
      return decoded(hour).inflight[(int) Math.floorMod(key, M)];
    }
    return recent.effective(key);
  }

  /** Sum of {@code field} over minutes in {@code [from, to)}. */
  public long sum(int field, long from, long to) {
    long lo = Math.max(from, newest - retained + 1);
    long hi = Math.min(to, newest + 1);
    if (newest == Long.MIN_VALUE || lo >= hi) {
      return 0;
    }
    return SealedReads.sum(sealed, field, lo, hi, recent.sum(field, lo, hi));
  }

  /** Sum of in-flight seconds over minutes in {@code [from, to)}. */
  public double sumEffective(long from, long to) {
    long lo = Math.max(from, newest - retained + 1);
    long hi = Math.min(to, newest + 1);
    if (newest == Long.MIN_VALUE || lo >= hi) {
      return 0;
    }
    return SealedReads.sumEffective(sealed, lo, hi, recent.sumEffective(lo, hi));
  }

  /** Copies minutes {@code [from, from + n)} into the column arrays (absent minutes stay 0). */
  public void copy(
      long from,
      int n,
      long[] arrivals,
      long[] completions,
      long[] cold,
      long[] errors,
      double[] inflightOut) {
    long lo = Math.max(from, newest - retained + 1);
    long hi = Math.min(from + n, newest + 1);
    if (newest == Long.MIN_VALUE || lo >= hi) {
      return;
    }
    recent.copy(from, n, arrivals, completions, cold, errors, inflightOut);
    SealedReads.copy(sealed, from, lo, hi, arrivals, completions, cold, errors, inflightOut);
  }

  /**
   * Drops minutes expired relative to {@code newestKeyNow} (re-encoding an hour that expires in
   * part), seals the hours {@code sealLag} minutes behind it (an idle function ends up sealed) and
   * releases spare capacity.
   */
  public void trim(long newestKeyNow) {
    recent.trim(newestKeyNow);
    long oldest = newestKeyNow - retained + 1;
    long oldestHour = Math.floorDiv(oldest, M);
    sealed.dropBefore(oldestHour);
    long expired = (1L << (int) Math.floorMod(oldest, M)) - 1;
    if (expired != 0 && sealed.has(oldestHour)) {
      HourCodec.Decoded d = decoded(oldestHour);
      if ((d.present & expired) != 0) {
        long keep = d.present & ~expired;
        sealed.remove(oldestHour);
        if (keep != 0) {
          sealed.put(
              oldestHour,
              HourCodec.encode(
                  keep,
                  d.sampled,
                  d.counts,
                  d.inflight,
                  precision(oldestHour, Math.max(newest, newestKeyNow))));
        }
      }
    }
    seal(sealBoundary(newestKeyNow));
    coarsen(Math.max(newest, newestKeyNow));
    sealed.trimToSize();
    if (recent.size() == 0 && sealed.isEmpty()) {
      newest = Long.MIN_VALUE;
    }
  }

  /** Approximate heap bytes of the recent arrays and the sealed blocks. */
  public long bytes() {
    return recent.bytes() + sealed.bytes();
  }

  /** Sealed hours (for tests). */
  public int sealedHours() {
    return sealed.count();
  }

  /** Buckets in the recent, mutable series (for tests). */
  public int recentSize() {
    return recent.size();
  }

  private boolean answered(long key) {
    return newest != Long.MIN_VALUE && key <= newest && key > newest - retained;
  }

  /** First minute of the hour that stays recent when the newest minute is {@code key}. */
  private long sealBoundary(long key) {
    return Math.floorDiv(key - sealLag, M) * M;
  }

  /** Seals every recent bucket before {@code boundary} (a minute at an hour start), by hour. */
  private void seal(long boundary) {
    int start = recent.first();
    int end = start + recent.size();
    int i = start;
    if (i == end || recent.keyAt(i) >= boundary) {
      return;
    }
    long oldest = newest - retained + 1;
    int[] counts = new int[M * F];
    double[] inflight = new double[M];
    while (i < end && recent.keyAt(i) < boundary) {
      long hour = Math.floorDiv(recent.keyAt(i), M);
      long present = 0;
      long sampled = 0;
      Arrays.fill(counts, 0);
      Arrays.fill(inflight, 0);
      for (long key;
          i < end && (key = recent.keyAt(i)) < boundary && Math.floorDiv(key, M) == hour;
          i++) {
        if (key < oldest) {
          continue;
        }
        int m = (int) (key - hour * M);
        present |= 1L << m;
        for (int f = 0; f < F; f++) {
          counts[m * F + f] = recent.count(i, f);
        }
        inflight[m] = recent.effective(i);
        if (recent.sampled(i)) {
          sampled |= 1L << m;
        }
      }
      if (present != 0) {
        sealed.put(
            hour, HourCodec.encode(present, sampled, counts, inflight, precision(hour, newest)));
      }
    }
    recent.dropOldest(i - start);
  }

  /** In-flight precision of {@code hour}'s block when the newest minute is {@code newestKey}. */
  private int precision(long hour, long newestKey) {
    return coarseAfter > 0 && hour < Math.floorDiv(newestKey - coarseAfter, M)
        ? HourCodec.COARSE_BITS
        : HourCodec.FINE_BITS;
  }

  /** Re-encodes with coarse precision the sealed hours that became old enough (once each). */
  private void coarsen(long newestKey) {
    if (coarseAfter == 0 || newestKey == Long.MIN_VALUE) {
      return;
    }
    long limit = Math.floorDiv(newestKey - coarseAfter, M);
    long from = Math.max(coarseUpTo, Math.floorDiv(newestKey - retained + 1, M));
    for (long hour = from; hour < limit; hour++) {
      if (sealed.has(hour)) {
        HourCodec.Decoded d = decoded(hour);
        sealed.put(
            hour,
            HourCodec.encode(d.present, d.sampled, d.counts, d.inflight, HourCodec.COARSE_BITS));
      }
    }
    coarseUpTo = Math.max(coarseUpTo, limit);
  }

  /** Moves a sealed hour back into the recent series, to take new data. */
  private void unseal(long hour) {
    HourCodec.Decoded d = decoded(hour);
    sealed.remove(hour);
    long oldest = newest - retained + 1;
    for (long m = d.present; m != 0; m &= m - 1) {
      int minute = Long.numberOfTrailingZeros(m);
      long key = hour * M + minute;
      if (key < oldest) {
        continue;
      }
      int i = recent.slot(key);
      if (i < 0) {
        continue;
      }
      for (int f = 0; f < F; f++) {
        recent.add(i, f, d.counts[minute * F + f]);
      }
      if ((d.sampled >>> minute & 1) != 0) {
        recent.sample(i, d.inflight[minute]);
      } else {
        recent.addInflight(i, d.inflight[minute]);
      }
    }
  }

  /** {@code hour}'s block (sealed), decoded once into a per-thread cache. */
  private HourCodec.Decoded decoded(long hour) {
    return SealedReads.decoded(sealed, hour);
  }

  // ---- snapshot seam (snapshot.FunctionRecords): opaque access to the state, no logic ----

  public BucketSeries recentSeries() {
    return recent;
  }

  public SealedHours sealedBlocks() {
    return sealed;
  }

  public void restoreNewest(long key) {
    newest = key;
  }
}
