package io.prescale.app.metrics;

import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.metrics.TopFunctions;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * The autoscaler's per-function series, read at scrape time from each function's latest decision:
 *
 * <ul>
 *   <li>{@code prescale_desired_instances{function}}: what a valid latest decision wants warm,
 *       after clamping to the policy's bounds;
 *   <li>{@code prescale_forecast_arrivals_per_second{function}} and {@code
 *       prescale_forecast_error_ratio{function}}: the decision's signals {@code
 *       forecastArrivalsPerSecond} / {@code forecastErrorRatio}, when the decider gives them.
 * </ul>
 *
 * Label cardinality is capped like the function series ({@link TopFunctions}): only the {@code
 * topN} busiest functions ({@code weight}: the collector's invocations) get their own series;
 * desired instances and forecast arrivals of the rest are summed under {@code
 * function="__other__"}; error ratios (a sum means nothing) of the rest are left out.
 */
public final class FunctionDecisionSeries implements MultiCollector {
  public static final String FORECAST_SIGNAL = "forecastArrivalsPerSecond";
  public static final String FORECAST_ERROR_SIGNAL = "forecastErrorRatio";

  private final Consumer<Consumer<ScaleDecision>> latest;
  private final ToLongFunction<String> weight;
  private final int topN;

  /**
   * @param latest hands every function's latest decision to its argument ({@code
   *     loop::forEachLatest})
   * @param weight how busy a function is (the same ordering as the function series)
   * @param topN functions with their own series, in [0; 100000]
   */
  public FunctionDecisionSeries(
      Consumer<Consumer<ScaleDecision>> latest, ToLongFunction<String> weight, int topN) {
    this.latest = Objects.requireNonNull(latest, "latest");
    this.weight = Objects.requireNonNull(weight, "weight");
    this.topN = TopFunctions.checkN("topN", topN);
  }

  @Override
  public MetricSnapshots collect() {
    List<ScaleDecision> valid = new ArrayList<>();
    latest.accept(
        d -> {
          if (d.valid()) {
            valid.add(d);
          }
        });
    List<String> names = new ArrayList<>(valid.size());
    valid.forEach(d -> names.add(d.function().value()));
    Set<String> top = TopFunctions.of(names, weight, topN);
    valid.sort(Comparator.comparing(ScaleDecision::function));
    GaugeSnapshot.Builder desired =
        GaugeSnapshot.builder()
            .name("prescale_desired_instances")
            .help(
                "Instances the latest valid decision wants warm, after clamping to the policy's bounds;"
                    + " the functions past the top-N cap summed under function=\"__other__\"");
    GaugeSnapshot.Builder forecast =
        GaugeSnapshot.builder()
            .name("prescale_forecast_arrivals_per_second")
            .help(
                "Arrivals per second the decider forecasts over its horizon (predictive mode);"
                    + " the functions past the top-N cap summed under function=\"__other__\"");
    GaugeSnapshot.Builder error =
        GaugeSnapshot.builder()
            .name("prescale_forecast_error_ratio")
            .help(
                "The forecast's error estimate relative to the forecast (predictive mode), top-N functions only");
    double otherDesired = 0;
    double otherForecast = 0;
    boolean anyOther = false;
    boolean anyOtherForecast = false;
    for (ScaleDecision d : valid) {
      Double fc = finite(d.signals().get(FORECAST_SIGNAL));
      if (!top.contains(d.function().value())) {
        anyOther = true;
        otherDesired += d.desiredInstances();
        if (fc != null) {
          anyOtherForecast = true;
          otherForecast += fc;
        }
        continue;
      }
      Labels l = Labels.of(TopFunctions.labelPairs(d.function().value()));
      desired.dataPoint(point(l, d.desiredInstances()));
      if (fc != null) {
        forecast.dataPoint(point(l, fc));
      }
      Double err = finite(d.signals().get(FORECAST_ERROR_SIGNAL));
      if (err != null) {
        error.dataPoint(point(l, err));
      }
    }
    Labels other = Labels.of("function", TopFunctions.OTHER);
    if (anyOther) {
      desired.dataPoint(point(other, otherDesired));
    }
    if (anyOtherForecast) {
      forecast.dataPoint(point(other, otherForecast));
    }
    return MetricSnapshots.of(desired.build(), forecast.build(), error.build());
  }

  private static GaugeDataPointSnapshot point(Labels labels, double value) {
    return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  private static Double finite(Double v) {
    return v != null && Double.isFinite(v) ? v : null;
  }
}
