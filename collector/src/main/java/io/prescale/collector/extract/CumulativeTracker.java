package io.prescale.collector.extract;

import io.prescale.core.time.EpochNanos;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns cumulative OTLP points into deltas, per stream (resource + metric + point attributes).
 *
 * <p>Rules: a stream's first point counts in full when its start time is at or after this collector
 * started (the stream began while we listened), otherwise it only sets the baseline. A later point
 * whose start time differs from the stored one, or whose value went down, is a reset: it counts in
 * full. At most {@code maxStreams} streams are remembered; the least recently updated is forgotten
 * first (and counted). Only the ingest thread uses this class.
 */
final class CumulativeTracker {
  private static final long START_SLACK_NANOS = EpochNanos.PER_SECOND;

  private final long collectorStartNanos;
  private final LinkedHashMap<String, Object> states;
  private long evicted;

  private static final class SumState {
    long start;
    double value;
  }

  private static final class HistState {
    long start;
    long count;
    double sum;
    long[] buckets;
  }

  /** A histogram delta. */
  record HistogramDelta(long count, double sum, long[] buckets) {}

  CumulativeTracker(long collectorStartNanos, int maxStreams) {
    this.collectorStartNanos = collectorStartNanos;
    this.states =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
            if (size() > maxStreams) {
              evicted++;
              return true;
            }
            return false;
          }
        };
  }

  /** Whether the stream has a baseline (without making it more recently used). */
  boolean tracks(String stream) {
    return states.containsKey(stream);
  }

  /** The increase of a cumulative sum since its last point; 0 for a baseline. */
  double sumDelta(String stream, long startNanos, double value) {
    Object o = states.get(stream);
    if (!(o instanceof SumState s)) {
      SumState fresh = new SumState();
      fresh.start = startNanos;
      fresh.value = value;
      states.put(stream, fresh);
      return countsFromZero(startNanos) ? value : 0;
    }
    double delta;
    if ((startNanos != 0 && startNanos != s.start) || value < s.value) {
      delta = value;
    } else {
      delta = value - s.value;
    }
    s.start = startNanos;
    s.value = value;
    return delta;
  }

  /** The increase of a cumulative histogram since its last point; null for a baseline. */
  HistogramDelta histogramDelta(
      String stream, long startNanos, long count, double sum, List<Long> buckets) {
    long[] b = new long[buckets.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = buckets.get(i);
    }
    Object o = states.get(stream);
    if (!(o instanceof HistState s)) {
      HistState fresh = new HistState();
      fresh.start = startNanos;
      fresh.count = count;
      fresh.sum = sum;
      fresh.buckets = b;
      states.put(stream, fresh);
      return countsFromZero(startNanos) ? new HistogramDelta(count, sum, b.clone()) : null;
    }
    HistogramDelta delta;
    boolean reset =
        (startNanos != 0 && startNanos != s.start)
            || count < s.count
            || b.length != s.buckets.length;
    if (reset) {
      delta = new HistogramDelta(count, sum, b.clone());
    } else {
      long[] d = new long[b.length];
      for (int i = 0; i < b.length; i++) {
        d[i] = Math.max(0, b[i] - s.buckets[i]);
      }
      delta = new HistogramDelta(count - s.count, sum - s.sum, d);
    }
    s.start = startNanos;
    s.count = count;
    s.sum = sum;
    s.buckets = b;
    return delta;
  }

  /** What a snapshot keeps of each stream ({@link IngestStateCodec}). */
  interface Visitor {
    void sum(String stream, long start, double value);

    void histogram(String stream, long start, long count, double sum, long[] buckets);
  }

  /** Visits every stream, least recently updated first (the order {@link #restoreSum} keeps). */
  void forEach(Visitor v) {
    for (Map.Entry<String, Object> e : states.entrySet()) {
      if (e.getValue() instanceof SumState s) {
        v.sum(e.getKey(), s.start, s.value);
      } else if (e.getValue() instanceof HistState h) {
        v.histogram(e.getKey(), h.start, h.count, h.sum, h.buckets);
      }
    }
  }

  /** A saved sum stream's baseline; a stream already tracked keeps its own. */
  void restoreSum(String stream, long start, double value) {
    SumState s = new SumState();
    s.start = start;
    s.value = value;
    states.putIfAbsent(stream, s);
  }

  /** A saved histogram stream's baseline; a stream already tracked keeps its own. */
  void restoreHistogram(String stream, long start, long count, double sum, long[] buckets) {
    HistState h = new HistState();
    h.start = start;
    h.count = count;
    h.sum = sum;
    h.buckets = buckets.clone();
    states.putIfAbsent(stream, h);
  }

  long evicted() {
    return evicted;
  }

  int size() {
    return states.size();
  }

  /** Whether a stream starting at {@code startNanos} began while this collector listened. */
  boolean countsFromZero(long startNanos) {
    return startNanos != 0 && startNanos >= collectorStartNanos - START_SLACK_NANOS;
  }
}
