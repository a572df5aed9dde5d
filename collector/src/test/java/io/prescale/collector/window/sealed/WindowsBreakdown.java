package io.prescale.collector.window.sealed;

import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.Tiers;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowsBench;
import io.prescale.collector.window.sketch.RecentSketch;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark main (not a test): where one busy function's window bytes go, per tier (recent, sealed)
 * and per sealed column. Run like {@link WindowsBench} with this class name.
 */
public final class WindowsBreakdown {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * S;
  private static final long DAY = 86_400L;

  private WindowsBreakdown() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      List<FunctionWindows> keep = new ArrayList<>();
      for (int i = 0; i < Integer.parseInt(args[0]); i++) {
        keep.add(busy(new Random(i)));
      }
      System.out.println("filled " + keep.size());
      Thread.sleep(60_000);
      System.out.println(keep.size());
      return;
    }
    FunctionWindows w = busy(new Random(42));
    Tiers tiers = (Tiers) get(w, "tiers");
    report("seconds", tiers.seconds, false);
    report("minutes", tiers.minutes, true);
    System.out.printf("windows bucketBytes total %d%n", w.bucketBytes());
    System.out.printf(
        "duration sketches' stores %d bytes (the sketch objects besides: ~300)%n",
        ((RecentSketch) get(w, "durations")).storeBytes()
            + ((RecentSketch) get(w, "initDurations")).storeBytes());
  }

  private static FunctionWindows busy(Random rnd) {
    FunctionWindows w = new FunctionWindows(FunctionKey.of("busy"), WindowConfig.defaults());
    for (long t = 0; t < 7 * DAY * S; t += (long) (-Math.log(1 - rnd.nextDouble()) * 3 * S)) {
      long start = T0 + t;
      long duration = (long) (-Math.log(1 - rnd.nextDouble()) * 0.2 * S);
      w.recordInvocation(
          new Invocation(
              w.function(),
              start,
              start + duration,
              rnd.nextInt(50) == 0,
              Trigger.HTTP,
              rnd.nextInt(100) == 0,
              "i-" + rnd.nextInt(8),
              0));
    }
    w.trim(T0 + 7 * DAY * S);
    return w;
  }

  private static void report(String name, SealedSeries s, boolean coarseOld) throws Exception {
    BucketSeries recent = (BucketSeries) get(s, "recent");
    SealedHours sealed = (SealedHours) get(s, "sealed");
    List<byte[]> blocks = new ArrayList<>();
    List<Long> hours = new ArrayList<>();
    sealed.forEach(
        (block, hour) -> {
          blocks.add(block);
          hours.add(hour);
        });
    long coarseBefore =
        coarseOld
            ? Math.floorDiv(s.newestKey() - Tiers.COARSE_AFTER_MINUTES, HourCodec.MINUTES)
            : Long.MIN_VALUE;
    int index = -1;
    long raw = 0;
    long heap = 0;
    int n = 0;
    long buckets = 0;
    long[] without = new long[HourCodec.FIELDS + 1];
    HourCodec.Decoded d = new HourCodec.Decoded();
    for (byte[] b : blocks) {
      index++;
      if (b == null) {
        continue;
      }
      int bits = hours.get(index) < coarseBefore ? HourCodec.COARSE_BITS : HourCodec.FINE_BITS;
      n++;
      raw += b.length;
      heap += (16 + b.length + 7) & ~7L;
      HourCodec.decode(b, d);
      buckets += Long.bitCount(d.present);
      int k = 0;
      long[] col = new long[Long.bitCount(d.present)];
      for (int f = 0; f <= HourCodec.FIELDS; f++) {
        double max = 0;
        k = 0;
        for (long m = d.present; m != 0; m &= m - 1) {
          max = Math.max(max, d.inflight[Long.numberOfTrailingZeros(m)]);
        }
        for (long m = d.present; m != 0; m &= m - 1) {
          int at = Long.numberOfTrailingZeros(m);
          int c = at * HourCodec.FIELDS;
          col[k++] =
              f == HourCodec.FIELDS
                  ? (max == 0
                      ? 0
                      : Math.round(
                          d.inflight[at] / Math.scalb(1.0, HourCodec.stepExponent(max, bits))))
                  : f == BucketSeries.COMPLETIONS
                      ? RiceColumns.zigzag(d.counts[c + f] - d.counts[c])
                      : d.counts[c + f];
        }
        BitWriter out = new BitWriter(64);
        RiceColumns.write(out, col, col.length);
        without[f] += out.bitLength();
      }
    }
    System.out.printf(
        "%s: recent %d bytes (%d buckets), sealed heap %d bytes (%d as arrays) in %d blocks "
            + "(payload %d, %d buckets, %.1f bits/bucket)%n",
        name,
        recent.bytes(),
        recent.size(),
        sealed.bytes(),
        heap,
        n,
        raw,
        buckets,
        raw * 8.0 / Math.max(1, buckets));
    String[] names = {"arrivals", "completions", "cold", "errors", "inflight"};
    for (int f = 0; f <= HourCodec.FIELDS; f++) {
      System.out.printf(
          "  %-12s %d bytes (%.2f bits/bucket)%n",
          names[f], without[f] / 8, without[f] * 1.0 / Math.max(1, buckets));
    }
  }

  private static Object get(Object o, String field) throws Exception {
    Field f = o.getClass().getDeclaredField(field);
    f.setAccessible(true);
    return f.get(o);
  }
}
