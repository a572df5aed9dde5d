package io.prescale.simulator.report;

import io.prescale.simulator.engine.MinuteSeries;
import io.prescale.simulator.engine.RunResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator report's charts, as {@link SvgChart}s styled by the page's {@link Palette}; public
 * so that another report over simulator results can draw the same ones (and add its own series,
 * such as what the platform itself did, before calling {@link SvgChart#svg()}).
 */
public final class Charts {
  /** Width of a chart two of which fill a row of the page's 1284 px content width. */
  public static final int WIDE = 636;

  public static final int WIDE_HEIGHT = 400;

  /** Width of a chart three of which fill a row. */
  public static final int SMALL = 420;

  public static final int SMALL_HEIGHT = 260;
  static final int MAX_POINTS = 120;

  private static final SvgChart.Axis MINUTES =
      SvgChart.Axis.of("minutes from trace start").scale(SvgChart.Scale.LINEAR).fromZero();

  private Charts() {}

  /**
   * Cold-start ratio against instance-hours on one platform: one marker per policy, and with a
   * sweep one line per curve across its knob. Lower-left is better.
   */
  public static SvgChart tradeoff(
      Palette palette, String platform, List<RunResult> results, List<SweepPoint> sweep) {
    SvgChart chart =
        new SvgChart("Cold starts vs capacity, " + platform, WIDE, WIDE_HEIGHT)
            .x(SvgChart.Axis.of("instance-hours"))
            .y(SvgChart.Axis.of("requests with a cold start").unit("%"));
    Map<String, List<SweepPoint>> curves = new LinkedHashMap<>();
    for (SweepPoint p : sweep) {
      if (p.result().platform().equals(platform)) {
        curves.computeIfAbsent(p.curve(), k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<String, List<SweepPoint>> c : curves.entrySet()) {
      List<SweepPoint> pts = new ArrayList<>(c.getValue());
      pts.sort(Comparator.comparingDouble(p -> p.result().instanceSeconds()));
      chart.line(
          c.getKey() + " sweep",
          palette.style(c.getKey()),
          pts.stream()
              .map(
                  p ->
                      point(
                          p.result(),
                          c.getKey() + " " + p.knob() + " = " + SweepTable.knobValue(p)))
              .toList());
    }
    for (RunResult r : results) {
      if (r.platform().equals(platform)) {
        chart.points(r.policy(), palette.style(r.policy()), List.of(point(r, r.policy())));
      }
    }
    return chart;
  }

  private static SvgChart.Point point(RunResult r, String name) {
    return new SvgChart.Point(
        r.instanceSeconds() / 3600,
        100 * r.coldStartRatio(),
        name
            + " on "
            + r.platform()
            + ": "
            + Ticks.label(100 * r.coldStartRatio(), 0.001)
            + "% cold starts ("
            + Formats.count(r.coldStarts())
            + "), "
            + Formats.count(Math.round(r.instanceSeconds() / 3600))
            + " instance-hours");
  }

  /**
   * Minutes per point so that a chart has at most about {@value #MAX_POINTS} points (each the mean
   * of its minutes): one for up to two hours, five for eight hours, fifteen for a day.
   */
  static int bucket(int minutes) {
    int b = (minutes + MAX_POINTS - 1) / MAX_POINTS;
    for (int nice : new int[] {1, 2, 5, 10, 15, 30, 60}) {
      if (nice >= b) {
        return nice;
      }
    }
    return b;
  }

  private static String per(int minutes) {
    int b = bucket(minutes);
    return b == 1 ? "" : " (" + Formats.seconds(b * 60) + " means)";
  }

  /** Arrivals per minute of one function (null when no run tracked it). */
  public static SvgChart arrivals(String function, List<RunResult> results, int traceMinutes) {
    for (RunResult r : results) {
      for (MinuteSeries ms : r.series()) {
        if (ms.label().equals(function)) {
          int n = Math.min(traceMinutes, ms.minutes());
          int b = bucket(n);
          List<SvgChart.Point> pts = new ArrayList<>(n / b + 1);
          for (int i = 0; i < n; i += b) {
            double sum = 0;
            int k = Math.min(b, n - i);
            for (int j = i; j < i + k; j++) {
              sum += ms.arrivals(j);
            }
            pts.add(new SvgChart.Point(i, sum / k, null));
          }
          return new SvgChart("Arrivals per minute" + per(n), SMALL, SMALL_HEIGHT)
              .x(MINUTES)
              .y(SvgChart.Axis.of("arrivals / min").scale(SvgChart.Scale.LINEAR).fromZero())
              .noLegend()
              .area("arrivals", Palette.DATA, pts);
        }
      }
    }
    return null;
  }

  /** Each policy's mean instances per minute of one function on one platform (null: none). */
  public static SvgChart instances(
      Palette palette, String function, String platform, List<RunResult> results, int minutes) {
    SvgChart chart =
        new SvgChart("Mean instances, " + platform + per(minutes), SMALL, SMALL_HEIGHT)
            .x(MINUTES)
            .y(SvgChart.Axis.of("instances").scale(SvgChart.Scale.LINEAR).fromZero())
            .noLegend();
    for (RunResult r : results) {
      if (!r.platform().equals(platform)) {
        continue;
      }
      for (MinuteSeries ms : r.series()) {
        if (ms.label().equals(function)) {
          int n = Math.min(minutes, ms.minutes());
          int b = bucket(n);
          List<SvgChart.Point> pts = new ArrayList<>(n / b + 1);
          for (int i = 0; i < n; i += b) {
            double sum = 0;
            int k = Math.min(b, n - i);
            for (int j = i; j < i + k; j++) {
              sum += ms.meanInstances(j);
            }
            pts.add(
                new SvgChart.Point(
                    i,
                    sum / k,
                    r.policy()
                        + ", minutes "
                        + i
                        + "-"
                        + (i + k)
                        + ": "
                        + Ticks.label(sum / k, 0.01)
                        + " instances"));
          }
          chart.line(r.policy(), palette.style(r.policy()), pts);
        }
      }
    }
    return chart.isEmpty() ? null : chart;
  }
}
