package io.prescale.app.autoscale;

import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.metrics.DecisionMetrics;
import io.prescale.app.metrics.FunctionDecisionSeries;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.autoscaler.loop.ScheduledAutoscaler;
import io.prescale.autoscaler.loop.SpecSource;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.collector.api.FunctionMetrics;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prescale.policy.PolicyProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The autoscaler of {@code prescale run}: an {@link AutoscalerLoop} over every function of the
 * collector's {@link FunctionStore} ({@link StoreObservations}), each decided with the spec the
 * shared {@link PolicyProvider} gives for its labels at the time source's now, its decisions
 * recorded by {@link DecisionMetrics} and handed to the adapters' {@link DecisionSink}; a {@link
 * ScheduledAutoscaler} ticks it every 2 s. Serves {@code GET /api/v1/decisions} ({@link
 * DecisionsRoute}) and registers {@code prescale_decision_duration_seconds} ({@link
 * DecisionTiming}). Shares the {@link AutoscalerLoop} and the {@link ScheduledAutoscaler} in the
 * context ({@code prescale demo} follows the loop's decisions).
 *
 * <p>Register after the policy, adapter and function data components (it reads what they share;
 * without a policy it uses the built-in defaults, without an adapter sink it only records) and
 * before the API server.
 */
public final class AutoscalerComponent implements Component {
  private static final Logger LOG = Logger.getLogger(AutoscalerComponent.class.getName());

  private final Duration period;
  private final boolean scheduled;
  private AutoscalerLoop loop;
  private DecisionMetrics metrics;
  private TimeSource time;
  private ScheduledAutoscaler scheduler;

  /** Ticks every {@code DeciderSpec.defaults().tick()} (2 s) on its own thread. */
  public AutoscalerComponent() {
    this(DeciderSpec.defaults().tick(), true);
  }

  /**
   * @param period time between ticks
   * @param scheduled false: nothing ticks by itself, the caller drives {@link #tick()} (tests)
   */
  public AutoscalerComponent(Duration period, boolean scheduled) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "autoscaler tick period = " + Durations.format(period) + ", must be in (0s; inf)");
    }
    this.period = period;
    this.scheduled = scheduled;
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    time = ctx.timeSource();
    FunctionStore store = ctx.functionStore();
    PolicyProvider policy = ctx.find(PolicyProvider.class).orElseGet(PolicyProvider::builtIn);
    DecisionSink adapters =
        ctx.find(DecisionSink.class)
            .orElseGet(
                () -> {
                  LOG.log(
                      Level.WARNING,
                      "no adapter sink in the control plane: decisions are recorded only");
                  return DecisionSink.noop();
                });
    ScalingEngine engine = ctx.find(ScalingEngine.class).orElse(null);
    StoreObservations observations = new StoreObservations(store, engine);
    TimeSource t = time;
    SpecSource specs = function -> policy.specFor(function, store.labels(function), t.instant());
    metrics = new DecisionMetrics(ctx.registry(), period);
    DecisionTiming timing = new DecisionTiming(ctx.registry(), time);
    loop =
        AutoscalerLoop.builder()
            .observations(observations)
            .specs(specs)
            .sink(metrics.wrap(observations.wrap(adapters)))
            .providers(timing.wrap(Providers.all(DeciderProvider.class)))
            .timeSource(time)
            .build();
    // one cardinality cap for every per-function series: the busiest functions, as the function
    // series
    ToLongFunction<String> busy =
        name -> {
          FunctionWindows w = store.get(FunctionKey.of(name));
          return w == null ? 0 : w.invocationsTotal();
        };
    ctx.registry()
        .register(
            new FunctionDecisionSeries(loop::forEachLatest, busy, FunctionMetrics.DEFAULT_TOP_N));
    if (engine != null) {
      engine.rankFunctionsBy(busy, FunctionMetrics.DEFAULT_TOP_N);
      engine.labelsBy(
          store::labels); // adapters that derive a target from the function (aws-lambda)
    }
    new DecisionsRoute(loop, observations, period).mount(ctx.router());
    ctx.put(AutoscalerLoop.class, loop);
    if (scheduled) {
      scheduler = new ScheduledAutoscaler(loop, time, period, metrics::tick);
      ctx.put(ScheduledAutoscaler.class, scheduler);
      scheduler.start();
    }
  }

  /** One tick now (the time source's instant), recorded like a scheduled one. */
  public TickReport tick() {
    if (loop == null) {
      throw new IllegalStateException("the autoscaler component is not started");
    }
    TickReport report = loop.tick(time.instant());
    metrics.tick(report);
    return report;
  }

  /** The loop, once started. */
  public AutoscalerLoop loop() {
    return loop;
  }

  @Override
  public void stop() {
    if (scheduler != null) {
      scheduler.close();
      scheduler = null;
    }
  }
}
