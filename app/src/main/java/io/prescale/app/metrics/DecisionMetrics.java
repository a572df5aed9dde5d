package io.prescale.app.metrics;

import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.Durations;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The autoscaler loop's own series, as the dashboards in {@code grafana/} read them:
 *
 * <ul>
 *   <li>{@code prescale_autoscaler_decisions_total{decider,valid}}: decisions handed to the sink;
 *   <li>{@code prescale_autoscaler_tick_seconds}: time spent in deciders per tick (classic
 *       buckets); {@code prescale_autoscaler_tick_duration_seconds}: wall time of the whole tick
 *       (observations, specs, deciders, adapters' sink) and {@code
 *       prescale_autoscaler_tick_period_ratio}: the last tick's wall time over the tick period (1
 *       or more: the loop cannot keep up);
 *   <li>{@code prescale_autoscaler_tick_functions{state}} (decided, not_due, failed) of the last
 *       tick, {@code prescale_autoscaler_failures_total}.
 * </ul>
 *
 * The per-function series ({@code prescale_desired_instances}, forecasts) are read at scrape time
 * by {@link FunctionDecisionSeries}. Thread-safe; {@link #record} costs a map lookup and an
 * increment (it runs for every function at every tick).
 *
 * <p>Wiring: {@code sink = metrics.wrap(sink)} before building the {@code AutoscalerLoop}, and
 * {@code metrics::tick} as the {@code ScheduledAutoscaler}'s listener.
 */
public final class DecisionMetrics {
  private final Counter decisions;
  private final Counter failures;
  private final Histogram tickSeconds;
  private final Histogram tickDuration;
  private final Gauge periodRatio;
  private final Gauge tickFunctions;
  private final double periodSeconds;
  private final Map<String, CounterDataPoint[]> decisionPoints = new ConcurrentHashMap<>();

  /**
   * @param period the loop's tick period, for {@code prescale_autoscaler_tick_period_ratio}
   */
  public DecisionMetrics(PrometheusRegistry registry, Duration period) {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "period = " + Durations.format(period) + ", must be in (0s; inf)");
    }
    periodSeconds = period.toNanos() / 1e9;
    decisions =
        Counter.builder()
            .name("prescale_autoscaler_decisions")
            .help(
                "Decisions handed to the adapters, by decider and validity (valid=false: warming up)")
            .labelNames("decider", "valid")
            .register(registry);
    failures =
        Counter.builder()
            .name("prescale_autoscaler_failures")
            .help("Functions whose spec, decider or sink failed at a tick")
            .register(registry);
    tickSeconds =
        Histogram.builder()
            .name("prescale_autoscaler_tick_seconds")
            .help("Time spent in deciders during one tick of the autoscaler loop")
            .classicOnly()
            .classicUpperBounds(
                0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1)
            .register(registry);
    tickDuration =
        Histogram.builder()
            .name("prescale_autoscaler_tick_duration_seconds")
            .help(
                "Wall time of one whole tick of the autoscaler loop (observations, specs, deciders, adapters)")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5)
            .register(registry);
    periodRatio =
        Gauge.builder()
            .name("prescale_autoscaler_tick_period_ratio")
            .help(
                "Wall time of the last tick over the tick period; 1 or more: the loop cannot keep up")
            .register(registry);
    tickFunctions =
        Gauge.builder()
            .name("prescale_autoscaler_tick_functions")
            .help("Functions of the last tick by state: decided, not_due, quiet, failed")
            .labelNames("state")
            .register(registry);
  }

  /** With the default 2 s period. */
  public DecisionMetrics(PrometheusRegistry registry) {
    this(registry, Duration.ofSeconds(2));
  }

  /** A sink that records each decision, then hands it to {@code next}. */
  public DecisionSink wrap(DecisionSink next) {
    Objects.requireNonNull(next, "next");
    return (decision, spec) -> {
      record(decision);
      next.accept(decision, spec);
    };
  }

  /** Counts one decision. */
  public void record(ScaleDecision d) {
    CounterDataPoint[] points = decisionPoints.get(d.decider());
    if (points == null) {
      points =
          decisionPoints.computeIfAbsent(
              d.decider(),
              decider ->
                  new CounterDataPoint[] {
                    decisions.labelValues(decider, "false"), decisions.labelValues(decider, "true")
                  });
    }
    points[d.valid() ? 1 : 0].inc();
  }

  /** Records one tick's report (the {@code ScheduledAutoscaler} listener). */
  public void tick(TickReport r) {
    tickSeconds.observe(r.decideNanos() / 1e9);
    if (r.tickNanos() > 0) {
      tickDuration.observe(r.tickNanos() / 1e9);
      periodRatio.set(r.tickNanos() / 1e9 / periodSeconds);
    }
    tickFunctions.labelValues("decided").set(r.decided());
    tickFunctions.labelValues("not_due").set(r.notDue());
    tickFunctions.labelValues("quiet").set(r.quiet());
    tickFunctions.labelValues("failed").set(r.failed());
    if (r.failed() > 0) {
      failures.inc(r.failed());
    }
  }
}
