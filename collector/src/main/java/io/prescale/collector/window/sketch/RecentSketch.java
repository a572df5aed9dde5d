package io.prescale.collector.window.sketch;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.BitwiseLinearlyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;

/**
 * Quantiles of the recent past: two DDSketches (relative-error quantile sketches) that rotate every
 * {@code windowNanos} of data time, so a quantile covers the last one to two windows. Sketches are
 * allocated on first use and sized by the spread of the values, not by their count. Not
 * thread-safe: {@link io.prescale.collector.window.FunctionWindows} locks.
 *
 * <p>The sketches are {@link DDSketch#fastCollapsingLowest}'s (same index mapping, same
 * collapsing-lowest rule at {@code maxBins}) with bins in a {@link CountStore}: small counts in
 * bytes instead of doubles, the same quantiles. All sketches of one accuracy share one (immutable)
 * index mapping.
 */
public final class RecentSketch {
  private static volatile SharedMapping shared;

  /**
   * The last merge of both windows this thread made, by owner and version: a decider asks a
   * function for a dozen quantiles at once (its mean from a grid, the p99), and each answer over
   * both windows needs the two sketches merged; they are merged once per change instead of once per
   * quantile. One entry per thread, so no memory per function.
   */
  private static final ThreadLocal<Merged> LAST_MERGE = ThreadLocal.withInitial(Merged::new);

  private static final class Merged {
    RecentSketch owner;
    long version;
    DDSketch sketch;
  }

  private record SharedMapping(double accuracy, IndexMapping mapping) {}

  private final double accuracy;
  private final int maxBins;
  private final long windowNanos;
  private DDSketch current;
  private DDSketch previous;
  private long currentStart = Long.MIN_VALUE;

  /** Bumped by every change of the sketches (a cached merge of an older version is stale). */
  private long version;

  public RecentSketch(double accuracy, int maxBins, long windowNanos) {
    this.accuracy = accuracy;
    this.maxBins = maxBins;
    this.windowNanos = windowNanos;
  }

  public void add(double seconds, long count, long atNanos) {
    if (count <= 0 || Double.isNaN(seconds)) {
      return;
    }
    version++;
    rotate(atNanos);
    if (current == null) {
      current = newSketch(accuracy, maxBins);
    }
    if (count == 1) {
      current.accept(Math.max(0, seconds));
    } else {
      current.accept(Math.max(0, seconds), count);
    }
  }

  /** Quantile {@code q} in seconds over the current and previous window; NaN when empty. */
  public double quantile(double q) {
    boolean cur = current != null && !current.isEmpty();
    boolean prev = previous != null && !previous.isEmpty();
    if (!cur && !prev) {
      return Double.NaN;
    }
    double clamped = Math.min(1, Math.max(0, q));
    if (!prev) {
      return current.getValueAtQuantile(clamped);
    }
    if (!cur) {
      return previous.getValueAtQuantile(clamped);
    }
    Merged m = LAST_MERGE.get();
    if (m.owner != this || m.version != version) {
      DDSketch merged = current.copy();
      merged.mergeWith(previous);
      m.owner = this;
      m.version = version;
      m.sketch = merged;
    }
    return m.sketch.getValueAtQuantile(clamped);
  }

  /** An empty sketch as {@link DDSketch#fastCollapsingLowest} makes it, on {@link CountStore}s. */
  public static DDSketch newSketch(double accuracy, int maxBins) {
    SharedMapping s = shared;
    if (s == null || s.accuracy() != accuracy) {
      s = new SharedMapping(accuracy, new BitwiseLinearlyInterpolatedMapping(accuracy));
      shared = s;
    }
    return new DDSketch(s.mapping(), () -> new CountStore(maxBins));
  }

  /** Approximate heap bytes of the sketches' stores (for the memory breakdown). */
  public long storeBytes() {
    long n = 0;
    for (DDSketch d : new DDSketch[] {current, previous}) {
      if (d != null) {
        n +=
            ((CountStore) d.getPositiveValueStore()).bytes()
                + ((CountStore) d.getNegativeValueStore()).bytes();
      }
    }
    return n;
  }

  // ---- snapshot seam (snapshot.SketchRecords) ----

  public DDSketch current() {
    return current;
  }

  public DDSketch previous() {
    return previous;
  }

  public long currentStart() {
    return currentStart;
  }

  public double accuracy() {
    return accuracy;
  }

  public int maxBins() {
    return maxBins;
  }

  public void restore(DDSketch current, DDSketch previous, long currentStart) {
    version++;
    this.current = current;
    this.previous = previous;
    this.currentStart = currentStart;
  }

  private void rotate(long at) {
    if (currentStart == Long.MIN_VALUE) {
      currentStart = at - Math.floorMod(at, windowNanos);
      return;
    }
    if (at < currentStart + windowNanos) {
      return;
    }
    long windows = (at - currentStart) / windowNanos;
    DDSketch spare = previous;
    if (windows == 1) {
      previous = current;
    } else {
      previous = null;
      spare = current;
    }
    current = spare;
    if (current != null) {
      current.clear();
    }
    currentStart += windows * windowNanos;
  }
}
