package io.prescale.simulator.report;

import io.prescale.simulator.engine.MinuteSeries;
import io.prescale.simulator.engine.RunResult;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts (XChart), rendered to PNG bytes. */
final class Charts {
  private static final int WIDTH = 1050;
  private static final int HEIGHT = 480;

  private Charts() {}

  /**
   * Cold-start ratio against instance-seconds on one platform: one marker per policy, and with a
   * sweep one line per curve across its knob. Lower-left is better.
   */
  static byte[] tradeoff(String platform, List<RunResult> results, List<SweepPoint> sweep) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Cold starts vs. capacity (" + platform + ")")
            .xAxisTitle("instance-hours")
            .yAxisTitle("cold-start ratio (%)")
            .build();
    style(chart);
    Map<String, List<SweepPoint>> curves = new LinkedHashMap<>();
    for (SweepPoint p : sweep) {
      if (p.result().platform().equals(platform)) {
        curves.computeIfAbsent(p.curve() + " (" + p.knob() + ")", k -> new ArrayList<>()).add(p);
      }
    }
    for (Map.Entry<String, List<SweepPoint>> c : curves.entrySet()) {
      List<SweepPoint> pts = new ArrayList<>(c.getValue());
      pts.sort(Comparator.comparingDouble(p -> p.result().instanceSeconds()));
      double[] x = pts.stream().mapToDouble(p -> p.result().instanceSeconds() / 3600).toArray();
      double[] y = pts.stream().mapToDouble(p -> 100 * p.result().coldStartRatio()).toArray();
      XYSeries s = chart.addSeries("sweep " + c.getKey(), x, y);
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    }
    for (RunResult r : results) {
      if (r.platform().equals(platform)) {
        XYSeries s =
            chart.addSeries(
                r.policy(),
                new double[] {r.instanceSeconds() / 3600},
                new double[] {100 * r.coldStartRatio()});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      }
    }
    return png(chart);
  }

  /** Arrivals per minute of one function and each policy's mean instances per minute. */
  static byte[] busiest(String label, String platform, List<RunResult> results, int traceMinutes) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title("Function " + label + " (" + platform + ")")
            .xAxisTitle("minutes from trace start")
            .yAxisTitle("arrivals per minute")
            .build();
    style(chart);
    chart.setYAxisGroupTitle(1, "mean instances");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    boolean arrivalsDrawn = false;
    for (RunResult r : results) {
      if (!r.platform().equals(platform)) {
        continue;
      }
      for (MinuteSeries ms : r.series()) {
        if (!ms.label().equals(label)) {
          continue;
        }
        int n = Math.min(traceMinutes, ms.minutes());
        double[] x = new double[n];
        double[] inst = new double[n];
        double[] arr = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = i;
          inst[i] = ms.meanInstances(i);
          arr[i] = ms.arrivals(i);
        }
        if (!arrivalsDrawn) {
          XYSeries a = chart.addSeries("arrivals/min", x, arr);
          a.setMarker(SeriesMarkers.NONE);
          a.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
          a.setLineColor(Color.BLACK);
          arrivalsDrawn = true;
        }
        XYSeries s = chart.addSeries(r.policy() + " instances", x, inst);
        s.setMarker(SeriesMarkers.NONE);
        s.setYAxisGroup(1);
      }
    }
    return arrivalsDrawn ? png(chart) : null;
  }

  private static void style(XYChart chart) {
    XYStyler st = chart.getStyler();
    st.setLegendPosition(Styler.LegendPosition.OutsideE);
    st.setLegendLayout(Styler.LegendLayout.Vertical);
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotGridLinesVisible(true);
    st.setXAxisDecimalPattern("#,##0.#");
    chart.getStyler().setMarkerSize(9);
  }

  private static byte[] png(XYChart chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render chart: " + e.getMessage(), e);
    }
  }
}
