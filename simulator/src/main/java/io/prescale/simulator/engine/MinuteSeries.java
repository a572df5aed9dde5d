package io.prescale.simulator.engine;

/** Per-minute arrivals and time-weighted mean instances of one function, for charts. */
public final class MinuteSeries {
  private static final long MINUTE = 60_000_000_000L;

  private final String label;
  private final long startMinute;
  private final long[] arrivals;
  private final double[] instanceNanos;
  private long lastT;
  private int lastCount;

  MinuteSeries(String label, long startNanos, int minutes) {
    this.label = label;
    this.startMinute = Math.floorDiv(startNanos, MINUTE);
    this.arrivals = new long[minutes];
    this.instanceNanos = new double[minutes];
    this.lastT = startMinute * MINUTE;
  }

  /** The function's key as the trace names it (reports shorten it for display). */
  public String label() {
    return label;
  }

  /** Epoch minute of index 0. */
  public long startMinute() {
    return startMinute;
  }

  public int minutes() {
    return arrivals.length;
  }

  public long arrivals(int i) {
    return arrivals[i];
  }

  /** Mean instances (starting + ready) during minute {@code i}. */
  public double meanInstances(int i) {
    return instanceNanos[i] / MINUTE;
  }

  void arrival(long t) {
    int i = (int) (Math.floorDiv(t, MINUTE) - startMinute);
    if (i >= 0 && i < arrivals.length) {
      arrivals[i]++;
    }
  }

  void instances(long t, int count) {
    long from = lastT;
    while (from < t) {
      long m = Math.floorDiv(from, MINUTE);
      long to = Math.min(t, (m + 1) * MINUTE);
      int i = (int) (m - startMinute);
      if (i >= arrivals.length) {
        break;
      }
      if (i >= 0) {
        instanceNanos[i] += (double) lastCount * (to - from);
      }
      from = to;
    }
    lastT = Math.max(lastT, t);
    lastCount = count;
  }
}
