package io.prescale.simulator.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Axis ticks people read: linear ticks at 1, 2, 2.5 or 5 times a power of ten, log ticks at powers
 * of ten (with 2 and 5 between them when the axis spans less than three decades), and labels
 * without floating-point noise ({@code 0.3}, not {@code 0.30000000000000004}; {@code 25k}, not
 * {@code 25000.000000001}).
 */
public final class Ticks {
  private static final double[] STEPS = {1, 2, 2.5, 5, 10};

  private Ticks() {}

  /**
   * An axis range and its ticks.
   *
   * @param min the axis start (the first tick)
   * @param max the axis end (the last tick)
   * @param ticks the tick values, ascending
   * @param step the linear step (for labels), or 0 on a log axis
   */
  public record Axis(double min, double max, List<Double> ticks, double step) {
    public Axis {
      ticks = List.copyOf(ticks);
    }

    /** The label of tick {@code v}. */
    public String label(double v) {
      return step > 0 ? Ticks.label(v, step) : Ticks.label(v, v);
    }
  }

  /**
   * Linear ticks covering [{@code lo}; {@code hi}] with at most about {@code target} intervals; a
   * single value gets a range around it.
   */
  public static Axis linear(double lo, double hi, int target) {
    if (!(Double.isFinite(lo) && Double.isFinite(hi))) {
      throw new IllegalArgumentException("axis range = [" + lo + "; " + hi + "], must be finite");
    }
    if (hi < lo) {
      double t = lo;
      lo = hi;
      hi = t;
    }
    if (hi == lo) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.5;
      boolean nonNegative = lo >= 0;
      lo -= pad;
      hi += pad;
      if (nonNegative && lo < 0) {
        lo = 0;
      }
    }
    double raw = (hi - lo) / Math.max(1, target);
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag * 10;
    for (double s : STEPS) {
      if (s * mag >= raw * 0.999_999) {
        step = s * mag;
        break;
      }
    }
    double first = Math.floor(lo / step + 1e-9) * step;
    double last = Math.ceil(hi / step - 1e-9) * step;
    List<Double> ticks = new ArrayList<>();
    long n = Math.round((last - first) / step);
    for (long i = 0; i <= n; i++) {
      ticks.add(clean(first + i * step, step));
    }
    return new Axis(ticks.get(0), ticks.get(ticks.size() - 1), ticks, step);
  }

  /**
   * Log ticks covering [{@code lo}; {@code hi}], both &gt; 0: the axis ends at 1, 2 or 5 times a
   * power of ten, ticks at the powers of ten between, and at 2 and 5 times them too when the axis
   * spans less than three decades.
   */
  public static Axis log(double lo, double hi) {
    if (!(lo > 0 && hi > 0 && Double.isFinite(lo) && Double.isFinite(hi))) {
      throw new IllegalArgumentException(
          "log axis range = [" + lo + "; " + hi + "], must be finite and > 0");
    }
    if (hi < lo) {
      double t = lo;
      lo = hi;
      hi = t;
    }
    double min = oneTwoFive(lo, false);
    double max = oneTwoFive(hi, true);
    if (max <= min) {
      max = oneTwoFive(min * 1.01, true);
    }
    boolean between = Math.log10(max / min) < 3 - 1e-9;
    List<Double> ticks = new ArrayList<>();
    ticks.add(min);
    int e0 = (int) Math.floor(Math.log10(min) + 1e-9);
    int e1 = (int) Math.ceil(Math.log10(max) - 1e-9);
    for (int e = e0; e <= e1; e++) {
      double p = pow10(e);
      for (double m : between ? new double[] {1, 2, 5} : new double[] {1}) {
        double v = clean(m * p, p);
        if (v > min * (1 + 1e-9) && v < max * (1 - 1e-9)) {
          ticks.add(v);
        }
      }
    }
    ticks.add(max);
    return new Axis(min, max, ticks, 0);
  }

  /**
   * The nearest 1, 2 or 5 times a power of ten at or below (or above, when {@code up}) {@code v}.
   */
  private static double oneTwoFive(double v, boolean up) {
    int e = (int) Math.floor(Math.log10(v) + 1e-9);
    double p = pow10(e);
    double[] ms = {1, 2, 5, 10};
    if (up) {
      for (double m : ms) {
        if (m * p >= v * (1 - 1e-9)) {
          return clean(m * p, p);
        }
      }
      return clean(10 * p, p);
    }
    double best = p;
    for (double m : ms) {
      if (m * p <= v * (1 + 1e-9)) {
        best = m * p;
      }
    }
    return clean(best, p);
  }

  /** True when positive values from {@code lo} to {@code hi} span enough to need a log axis. */
  public static boolean spansDecades(double lo, double hi) {
    return lo > 0 && hi / lo >= 30;
  }

  /**
   * {@code v} written with as many decimals as {@code step} needs, thousands as {@code k} and
   * millions as {@code M} from 10,000 on: {@code 0.25}, {@code 1,500}, {@code 25k}, {@code 1.5M}.
   */
  public static String label(double v, double step) {
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    String sign = v < 0 ? "-" : "";
    if (a >= 1e6) {
      return sign + plain(a / 1e6, Math.abs(step) / 1e6) + "M";
    }
    if (a >= 1e4) {
      return sign + plain(a / 1e3, Math.abs(step) / 1e3) + "k";
    }
    String p = plain(a, Math.abs(step));
    if (a >= 1000 && !p.contains(".")) {
      p = String.format(Locale.ROOT, "%,d", Long.parseLong(p));
    }
    return sign + p;
  }

  private static String plain(double a, double step) {
    int decimals = step <= 0 ? 0 : Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
    if (step > 0 && decimals < 6) {
      // 2.5 needs one decimal more than its power of ten
      double scaled = step * Math.pow(10, decimals);
      if (Math.abs(scaled - Math.rint(scaled)) > 1e-6) {
        decimals++;
      }
    }
    decimals = Math.min(decimals, 12);
    return new BigDecimal(a)
        .setScale(decimals, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  private static double clean(double v, double step) {
    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)) + 2);
    return new BigDecimal(v).setScale(Math.min(decimals, 15), RoundingMode.HALF_UP).doubleValue();
  }

  private static double pow10(int e) {
    return new BigDecimal(BigDecimal.ONE.unscaledValue(), -e).doubleValue();
  }
}
