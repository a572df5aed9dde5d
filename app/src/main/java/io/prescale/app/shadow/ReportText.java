package io.prescale.app.shadow;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The fleet line and the headline of a shadow report, and how its numbers are written. */
final class ReportText {
  private ReportText() {}

  /** The sums of {@code lines}; observed instance-seconds over the functions that have them. */
  static ShadowReport.Line fleet(List<ShadowReport.Line> lines, List<String> policies) {
    long invocations = 0;
    long cold = 0;
    Double seconds = null;
    Map<String, long[]> colds = new LinkedHashMap<>();
    Map<String, double[]> secs = new LinkedHashMap<>();
    for (ShadowReport.Line l : lines) {
      invocations += l.invocations();
      cold += l.observedColdStarts();
      if (l.observedInstanceSeconds() != null) {
        seconds = (seconds == null ? 0 : seconds) + l.observedInstanceSeconds();
      }
      for (var e : l.policies().entrySet()) {
        colds.computeIfAbsent(e.getKey(), k -> new long[1])[0] += e.getValue().coldStarts();
        secs.computeIfAbsent(e.getKey(), k -> new double[1])[0] += e.getValue().instanceSeconds();
      }
    }
    Map<String, ShadowReport.Figures> figures = new LinkedHashMap<>();
    for (String p : policies) {
      if (colds.containsKey(p)) {
        figures.put(p, new ShadowReport.Figures(colds.get(p)[0], secs.get(p)[0]));
      }
    }
    return new ShadowReport.Line("fleet", "fleet", invocations, cold, seconds, figures);
  }

  /**
   * "prescale: 0.4x the cold starts at 0.9x the instance-hours of what your platform did", or what
   * can be said when a side is zero or unknown: cold starts over every function of {@code lines},
   * instance-hours over those whose instances were observed.
   */
  static String headline(List<ShadowReport.Line> lines, List<String> policies) {
    ShadowReport.Line fleet = fleet(lines, policies);
    ShadowReport.Figures p = fleet.policies().get(ReportRequest.PRESCALE);
    if (p == null || fleet.invocations() == 0) {
      return "prescale: no traffic recorded in the window, nothing to compare";
    }
    String cold =
        fleet.observedColdStarts() > 0
            ? ratio(p.coldStarts(), fleet.observedColdStarts()) + " the cold starts"
            : p.coldStarts() == 0
                ? "no cold starts (as your platform)"
                : p.coldStarts() + " cold starts (your platform had none)";
    Double seen = fleet.observedInstanceSeconds();
    if (seen == null) {
      return "prescale: "
          + cold
          + " of what your platform did; instance-hours not observed (no function in shadow mode)";
    }
    // instance-hours only over the functions whose instances were observed
    ShadowReport.Line observed =
        fleet(lines.stream().filter(l -> l.observedInstanceSeconds() != null).toList(), policies);
    double would = observed.policies().get(ReportRequest.PRESCALE).instanceSeconds();
    String hours =
        seen > 0
            ? ratio(would, seen) + " the instance-hours"
            : number(would / 3600) + " instance-hours (your platform showed none)";
    return "prescale: " + cold + " at " + hours + " of what your platform did";
  }

  /** {@code a / b} with two significant digits and an x: {@code 0.42x}, {@code 1.3x}. */
  static String ratio(double a, double b) {
    return number(a / b) + "x";
  }

  /** Two significant digits, no exponent: {@code 0.42}, {@code 13}, {@code 1300}. */
  static String number(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : String.valueOf(v);
    }
    return new BigDecimal(v).round(new MathContext(2)).stripTrailingZeros().toPlainString();
  }
}
