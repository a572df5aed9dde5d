package io.prescale.autoscaler.predictive;

/**
 * Observed concurrency of the last {@code n} seconds (the panic window), for the reactive
 * safety net. Seconds never written count as zero, as in Knative's window averages; before
 * {@code n} seconds were seen the mean is over the seconds since the first write.
 */
final class ReactiveWindow {
  private float[] values;
  private double sum;
  private long newest = Long.MIN_VALUE;
  private long written;

  ReactiveWindow(int seconds) {
    values = new float[Math.max(1, seconds)];
  }

  int length() {
    return values.length;
  }

  /** Records the concurrency of {@code epochSecond} (seconds arrive in increasing order). */
  void add(long epochSecond, double concurrency) {
    int n = values.length;
    if (newest != Long.MIN_VALUE) {
      long gap = epochSecond - newest;
      if (gap <= 0) {
        return;
      }
      for (long s = newest + 1; s < epochSecond && s <= newest + n; s++) {
        int slot = (int) Math.floorMod(s, (long) n);
        sum -= values[slot];
        values[slot] = 0;
      }
      written += gap;
    } else {
      written = 1;
    }
    int slot = (int) Math.floorMod(epochSecond, (long) n);
    sum += concurrency - values[slot];
    values[slot] = (float) concurrency;
    newest = epochSecond;
    if ((epochSecond & 1023) == 0) {
      resum();
    }
  }

  /** Mean concurrency over the window ending at {@code lastSecond}. */
  double average(long lastSecond) {
    if (newest == Long.MIN_VALUE) {
      return 0;
    }
    int n = values.length;
    long stale = lastSecond - newest;
    if (stale >= n) {
      return 0;
    }
    double s = sum;
    for (long k = newest + 1; k <= lastSecond; k++) {
      s -= values[(int) Math.floorMod(k, (long) n)]; // seconds not seen yet count as zero
    }
    long span = Math.min(n, written + Math.max(0, stale));
    return Math.max(0, s) / Math.max(1, span);
  }

  private void resum() {
    double s = 0;
    for (float v : values) {
      s += v;
    }
    sum = s;
  }
}
