package io.prescale.collector.window.sealed;

/**
 * The read side of a {@link SealedSeries}' sealed hours: a sealed hour's block is decoded once into
 * a per-thread cache keyed by the sealed hours, the hour and their version, so a scan of old
 * minutes decodes each hour once and reads of the newest minutes never decode. The range reads add
 * the sealed minutes of {@code [lo, hi)} to what the recent series answered for that range (every
 * minute is either sealed or recent); callers clip the range to retention first. Static helpers: a
 * series holds no extra object. Not thread-safe: {@link
 * io.prescale.collector.window.FunctionWindows} locks.
 */
final class SealedReads {
  private static final ThreadLocal<HourCodec.Decoded> CACHE =
      ThreadLocal.withInitial(HourCodec.Decoded::new);
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  private SealedReads() {}

  /** {@code hour}'s block (sealed), decoded once into a per-thread cache. */
  static HourCodec.Decoded decoded(SealedHours sealed, long hour) {
    HourCodec.Decoded d = CACHE.get();
    if (d.owner != sealed || d.hour != hour || d.version != sealed.version()) {
      HourCodec.decode(sealed.data(), sealed.offset(hour), sealed.length(hour), d);
      d.owner = sealed;
      d.hour = hour;
      d.version = sealed.version();
    }
    return d;
  }

  /**
   * Newest sealed minute in {@code [oldest, top]} newer than {@code found} (the recent series'
   * answer, or {@link Long#MIN_VALUE}) whose {@code field} is non-zero; else {@code found}.
   */
  static long newestWith(SealedHours sealed, int field, long oldest, long top, long found) {
    for (long hour = Math.floorDiv(top, M);
        hour >= Math.floorDiv(oldest, M) && hour * M + M - 1 > found;
        hour--) {
      if (sealed.has(hour)) {
        int[] counts = decoded(sealed, hour).counts;
        for (long k = Math.min(top, hour * M + M - 1);
            k >= Math.max(oldest, hour * M) && k > found;
            k--) {
          if (counts[(int) (k - hour * M) * F + field] > 0) {
            return k;
          }
        }
      }
    }
    return found;
  }

  /** {@code total} plus {@code field} summed over the sealed minutes in {@code [lo, hi)}. */
  static long sum(SealedHours sealed, int field, long lo, long hi, long total) {
    for (long hour = Math.floorDiv(lo, M); hour <= Math.floorDiv(hi - 1, M); hour++) {
      if (sealed.has(hour)) {
        int[] counts = decoded(sealed, hour).counts;
        for (long k = Math.max(lo, hour * M), end = Math.min(hi, hour * M + M); k < end; k++) {
          total += counts[(int) (k - hour * M) * F + field];
        }
      }
    }
    return total;
  }

  /**
   * {@code total} plus the in-flight seconds of the sealed minutes in {@code [lo, hi)}, in order.
   */
  static double sumEffective(SealedHours sealed, long lo, long hi, double total) {
    for (long hour = Math.floorDiv(lo, M); hour <= Math.floorDiv(hi - 1, M); hour++) {
      if (sealed.has(hour)) {
        double[] inflight = decoded(sealed, hour).inflight;
        for (long k = Math.max(lo, hour * M), end = Math.min(hi, hour * M + M); k < end; k++) {
          total += inflight[(int) (k - hour * M)];
        }
      }
    }
    return total;
  }

  /**
   * Copies the sealed minutes in {@code [lo, hi)} into the columns, at index {@code key - from}.
   */
  static void copy(
      SealedHours sealed,
      long from,
      long lo,
      long hi,
      long[] arrivals,
      long[] completions,
      long[] cold,
      long[] errors,
      double[] inflightOut) {
    for (long hour = Math.floorDiv(lo, M); hour <= Math.floorDiv(hi - 1, M); hour++) {
      if (sealed.has(hour)) {
        HourCodec.Decoded d = decoded(sealed, hour);
        for (long k = Math.max(lo, hour * M), end = Math.min(hi, hour * M + M); k < end; k++) {
          int m = (int) (k - hour * M);
          int at = (int) (k - from);
          arrivals[at] = d.counts[m * F + BucketSeries.ARRIVALS];
          completions[at] = d.counts[m * F + BucketSeries.COMPLETIONS];
          cold[at] = d.counts[m * F + BucketSeries.COLD];
          errors[at] = d.counts[m * F + BucketSeries.ERRORS];
          inflightOut[at] = d.inflight[m];
        }
      }
    }
  }
}
