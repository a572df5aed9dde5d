package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.time.Duration;
import java.util.Map;

/**
 * The hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (USENIX ATC 2020): the
 * pre-warm and keep-alive windows of {@link IdleTimeHistogram} applied after each invocation.
 *
 * <p>Platform semantics (on-demand): with pre-warm 0 the decision is {@code desired 0, keepAlive =
 * window} (the instance that served the last request stays warm for the keep-alive window). With
 * pre-warm {@code P > 0} and keep-alive {@code K}, at {@code t} after the last invocation: {@code t
 * < P} -> desired 0, keepAlive 0 (the instance is unloaded once idle); {@code P <= t < P + K} ->
 * desired 1, keepAlive 0 (one instance loaded again and held); {@code t >= P + K} -> desired 0,
 * keepAlive 0.
 *
 * <p>Deviations from the paper:
 *
 * <ul>
 *   <li>Per function, not per application (Prescale's unit is the function).
 *   <li>Idle times come from minute arrival counts (see {@link IdleTimeHistogram}); the windows are
 *       timed from the last invocation's start ({@link Observation#lastArrivalNanos()}), not its
 *       end: earlier by one duration, so slightly more warm, never less.
 *   <li>The time-series branch uses exponential smoothing (ARIMA(0,1,1)'s forecast) in place of a
 *       fitted ARIMA.
 *   <li>The histogram keeps every idle time since the decider started (no ageing); a restart
 *       rebuilds it from the minutes the observation still retains.
 *   <li>One pre-warmed instance (the paper's applications run one instance); bursts that need more
 *       are started on demand by the platform.
 * </ul>
 */
final class HybridHistogramDecider implements Decider {
  static final String NAME = "hybrid-histogram";
  private static final long MINUTE_NANOS = 60_000_000_000L;

  private final FunctionKey function;
  private final IdleTimeHistogram histogram = new IdleTimeHistogram();
  private long preWarmNanos;
  private long keepAliveNanos;
  private Duration keepAlive = Duration.ZERO;
  private Map<String, Double> signals;

  HybridHistogramDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    histogram.advance(obs, BaselineBuckets.lastCompleteMinute(nowNanos));
    if (histogram.recompute() || signals == null) {
      preWarmNanos = Math.round(histogram.preWarmMinutes() * MINUTE_NANOS);
      keepAliveNanos = Math.round(histogram.keepAliveMinutes() * MINUTE_NANOS);
      keepAlive = Duration.ofNanos(preWarmNanos == 0 ? keepAliveNanos : 0);
      signals =
          Map.of(
              "preWarmMinutes",
              histogram.preWarmMinutes(),
              "keepAliveMinutes",
              histogram.keepAliveMinutes(),
              "idleTimes",
              (double) histogram.idleTimes(),
              "outOfBoundsShare",
              histogram.outOfBoundsShare(),
              "binCv",
              Double.isNaN(histogram.cv()) ? -1.0 : histogram.cv(),
              "branch",
              (double) histogram.branch().ordinal());
    }
    long lastArrival = obs.lastArrivalNanos();
    if (preWarmNanos == 0) {
      return new ScaleDecision(function, nowNanos, true, 0, keepAlive, NAME, reason(), signals);
    }
    if (lastArrival == Observation.NONE) {
      return new ScaleDecision(
          function,
          nowNanos,
          true,
          0,
          Duration.ZERO,
          NAME,
          "no invocation yet: nothing to pre-warm",
          signals);
    }
    long since = nowNanos - lastArrival;
    if (since >= preWarmNanos && since < preWarmNanos + keepAliveNanos) {
      return new ScaleDecision(
          function,
          nowNanos,
          true,
          1,
          Duration.ZERO,
          NAME,
          "pre-warm window: hold one instance until the keep-alive window ends",
          signals);
    }
    return new ScaleDecision(
        function,
        nowNanos,
        true,
        0,
        Duration.ZERO,
        NAME,
        since < preWarmNanos
            ? "unloaded after invocation: waiting for the pre-warm window"
            : "past keep-alive window: unloaded",
        signals);
  }

  private String reason() {
    switch (histogram.branch()) {
      case NO_HISTORY:
        return "no idle-time history: standard keep-alive 4 h";
      case NOT_REPRESENTATIVE:
        return "histogram not representative (bin CV < 2): keep-alive 4 h";
      case TIME_SERIES:
        return "mostly out-of-bounds idle times: predicted idle time, keep-alive only";
      default:
        return "histogram: no pre-warm, keep-alive (99th percentile bin + 1) x 1.1";
    }
  }
}
