package io.prescale.simulator.report;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * Figures as reports write them: durations through {@link Durations} ({@code 1s}, {@code 1s305ms},
 * never {@code PT1S}), ratios as {@code 0.42x}, counts with thousands separators.
 */
public final class Formats {
  private Formats() {}

  /**
   * {@code ms} milliseconds as a duration, rounded to the millisecond (to the microsecond below
   * one): {@code 0s}, {@code 250ms}, {@code 1s}, {@code 1s305ms}, {@code 0.5ms}.
   */
  public static String millis(double ms) {
    if (!Double.isFinite(ms)) {
      return "-";
    }
    long nanos = Math.abs(ms) >= 1 ? Math.round(ms) * 1_000_000L : Math.round(ms * 1000) * 1_000L;
    return Durations.format(Duration.ofNanos(nanos));
  }

  /** {@code seconds} as a duration rounded to the second: {@code 10m}, {@code 1h30m}. */
  public static String seconds(double seconds) {
    return Durations.format(Duration.ofSeconds(Math.round(seconds)));
  }

  /**
   * {@code a / b} as {@code 0.42x}: two significant digits below 10, none from 10 on; {@code 0x}
   * when only {@code b} is above zero, {@code 1x} when both are zero, {@code inf} when only {@code
   * a} is.
   */
  public static String ratio(double a, double b) {
    if (b == 0) {
      return a == 0 ? "1x" : "inf";
    }
    double r = a / b;
    if (r == 0) {
      return "0x";
    }
    if (r >= 10) {
      return String.format(Locale.ROOT, "%.0fx", r);
    }
    int decimals = Math.max(0, 1 - (int) Math.floor(Math.log10(r)));
    return Ticks.label(r, Math.pow(10, -decimals)) + "x";
  }

  /** {@code n} with thousands separators: {@code 339,657}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
