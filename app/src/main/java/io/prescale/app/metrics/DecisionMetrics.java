package io.prescale.app.metrics;

import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The autoscaler's series, as the dashboards in {@code grafana/} read them (knative's deciders emit
 * the same kind: desired pods, panic mode, forecast):
 * <ul>
 *   <li>{@code prescale_desired_instances{function}}: the latest valid decision (after clamping);</li>
 *   <li>{@code prescale_forecast_arrivals_per_second{function}} and
 *       {@code prescale_forecast_error_ratio{function}}: from the decision's signals
 *       {@code forecastArrivalsPerSecond} / {@code forecastErrorRatio}, when the decider gives them;</li>
 *   <li>{@code prescale_autoscaler_decisions_total{decider,valid}}: decisions handed to the sink;</li>
 *   <li>{@code prescale_autoscaler_tick_seconds}: time spent in deciders per tick (classic buckets),
 *       {@code prescale_autoscaler_tick_functions{state}} (decided, not_due, failed) of the last tick,
 *       {@code prescale_autoscaler_failures_total}.</li>
 * </ul>
 * At most {@code maxFunctions} functions get per-function series (the first seen); the rest are
 * counted in {@code prescale_autoscaler_decisions_total} only. Thread-safe.
 *
 * <p>Wiring: {@code sink = metrics.wrap(sink)} before building the {@code AutoscalerLoop}, and
 * {@code metrics::tick} as the {@code ScheduledAutoscaler}'s listener.
 */
public final class DecisionMetrics {
  public static final String FORECAST_SIGNAL = "forecastArrivalsPerSecond";
  public static final String FORECAST_ERROR_SIGNAL = "forecastErrorRatio";
  public static final int DEFAULT_MAX_FUNCTIONS = 1000;

  private final Gauge desired;
  private final Gauge forecast;
  private final Gauge forecastError;
  private final Counter decisions;
  private final Counter failures;
  private final Histogram tickSeconds;
  private final Gauge tickFunctions;
  private final int maxFunctions;
  private final Set<FunctionKey> exported = ConcurrentHashMap.newKeySet();

  public DecisionMetrics(PrometheusRegistry registry, int maxFunctions) {
    Objects.requireNonNull(registry, "registry");
    if (maxFunctions < 0) {
      throw new IllegalArgumentException("maxFunctions = " + maxFunctions + ", must be >= 0");
    }
    this.maxFunctions = maxFunctions;
    desired = Gauge.builder().name("prescale_desired_instances")
        .help("Instances the latest valid decision wants warm, after clamping to the policy's bounds")
        .labelNames("function").register(registry);
    forecast = Gauge.builder().name("prescale_forecast_arrivals_per_second")
        .help("Arrivals per second the decider forecasts over its horizon (predictive mode)")
        .labelNames("function").register(registry);
    forecastError = Gauge.builder().name("prescale_forecast_error_ratio")
        .help("The forecast's error estimate relative to the forecast (predictive mode)")
        .labelNames("function").register(registry);
    decisions = Counter.builder().name("prescale_autoscaler_decisions")
        .help("Decisions handed to the adapters, by decider and validity (valid=false: warming up)")
        .labelNames("decider", "valid").register(registry);
    failures = Counter.builder().name("prescale_autoscaler_failures")
        .help("Functions whose spec, decider or sink failed at a tick")
        .register(registry);
    tickSeconds = Histogram.builder().name("prescale_autoscaler_tick_seconds")
        .help("Time spent in deciders during one tick of the autoscaler loop")
        .classicOnly()
        .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
        .register(registry);
    tickFunctions = Gauge.builder().name("prescale_autoscaler_tick_functions")
        .help("Functions of the last tick by state: decided, not_due, failed")
        .labelNames("state").register(registry);
  }

  public DecisionMetrics(PrometheusRegistry registry) {
    this(registry, DEFAULT_MAX_FUNCTIONS);
  }

  /** A sink that records each decision, then hands it to {@code next}. */
  public DecisionSink wrap(DecisionSink next) {
    Objects.requireNonNull(next, "next");
    return (decision, spec) -> {
      record(decision);
      next.accept(decision, spec);
    };
  }

  /** Records one decision. */
  public void record(ScaleDecision d) {
    decisions.labelValues(d.decider(), Boolean.toString(d.valid())).inc();
    if (!d.valid() || !admit(d.function())) {
      return;
    }
    String f = d.function().value();
    desired.labelValues(f).set(d.desiredInstances());
    Double fc = d.signals().get(FORECAST_SIGNAL);
    if (fc != null && Double.isFinite(fc)) {
      forecast.labelValues(f).set(fc);
    }
    Double err = d.signals().get(FORECAST_ERROR_SIGNAL);
    if (err != null && Double.isFinite(err)) {
      forecastError.labelValues(f).set(err);
    }
  }

  /** Records one tick's report (the {@code ScheduledAutoscaler} listener). */
  public void tick(TickReport r) {
    tickSeconds.observe(r.decideNanos() / 1e9);
    tickFunctions.labelValues("decided").set(r.decided());
    tickFunctions.labelValues("not_due").set(r.notDue());
    tickFunctions.labelValues("failed").set(r.failed());
    if (r.failed() > 0) {
      failures.inc(r.failed());
    }
  }

  private boolean admit(FunctionKey f) {
    if (exported.contains(f)) {
      return true;
    }
    if (exported.size() >= maxFunctions) {
      return false;
    }
    exported.add(f);
    return true;
  }
}
