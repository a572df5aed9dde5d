package io.prescale.autoscaler.predictive;

import java.util.HashMap;
import java.util.Map;

/** Names of the numbers behind a predictive decision ({@code ScaleDecision.signals}). */
final class Signals {
  static final String FORECAST_ARRIVALS_PER_SECOND = "forecastArrivalsPerSecond";
  static final String FORECAST_ARRIVALS_PER_MINUTE = "forecastArrivalsPerMinute";
  static final String FORECAST_ERROR_RATIO = "forecastErrorRatio";
  static final String QUANTILE = "quantile";
  static final String HORIZON_SECONDS = "horizonSeconds";
  static final String DURATION_SECONDS = "durationSeconds";
  static final String MEAN_CONCURRENCY = "meanConcurrency";
  static final String CONCURRENCY_QUANTILE = "concurrencyQuantile";
  static final String ARRIVAL_PROBABILITY = "arrivalProbabilityInHorizon";
  static final String IDLE_AGE_SECONDS = "idleAgeSeconds";
  static final String COLD_START_WEIGHT = "coldStartWeightSeconds";
  static final String KEEP_WARM = "keepWarm";
  static final String PREDICTIVE_INSTANCES = "predictiveInstances";
  static final String PANIC_CONCURRENCY = "panicConcurrency";
  static final String PANIC = "panic";
  static final String TARGET_INSTANCES = "targetInstances";
  static final String DESIRED_INSTANCES = "desiredInstances";
  static final String PERIOD_MINUTES = "periodMinutes";
  static final String RELEASE_AGE_SECONDS = "releaseAgeSeconds";
  static final String EFFECTIVE_QUANTILE = "effectiveQuantile";

  private Signals() {}

  /** One line a person reads: path, model, forecast, quantile, the warm trade and the result. */
  static String reason(String path, Demand d, int desired, double panicAvg, int ready, double q) {
    StringBuilder sb = new StringBuilder(160).append(path).append(": ");
    if (path.startsWith("reactive")) {
      sb.append("observed ").append(round(panicAvg)).append(" in flight, ready ").append(ready)
          .append(", forecast wanted ").append(d.instances()).append("; ");
    }
    sb.append(d.model()).append(d.modelReady() ? "" : " (warming up)").append(' ')
        .append(round(d.perMinute())).append("/min (err ").append(round(d.sigma())).append(") -> ")
        .append(round(d.rate())).append("/s; q").append(q);
    if (d.quantile() > q) {
      sb.append("->").append(round(d.quantile()));
    }
    sb.append(" in-flight ").append(d.inflight()).append(" over ").append(round(d.duration()))
        .append("s; P(arrival in ").append(round(d.horizon())).append("s)=")
        .append(round(d.pArrival())).append(d.fromIdleModel() ? " (idle model)" : " (rate)")
        .append(d.warm() ? " warm" : " cold ok").append(" -> ").append(desired);
    return sb.toString();
  }

  static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  static Map<String, Double> of(Demand d, double q, double panicAvg,
      boolean panicking, int target, int desired, ForecastTrack track, double releaseAge) {
    Map<String, Double> m = new HashMap<>(32);
    m.put(FORECAST_ARRIVALS_PER_SECOND, d.rate());
    m.put(FORECAST_ARRIVALS_PER_MINUTE, d.perMinute());
    m.put(FORECAST_ERROR_RATIO, d.sigma() / Math.max(1, d.perMinute()));
    m.put(QUANTILE, q);
    m.put(EFFECTIVE_QUANTILE, d.quantile());
    m.put(HORIZON_SECONDS, d.horizon());
    m.put(DURATION_SECONDS, d.duration());
    m.put(MEAN_CONCURRENCY, d.meanConcurrency());
    m.put(CONCURRENCY_QUANTILE, (double) d.inflight());
    m.put(ARRIVAL_PROBABILITY, d.pArrival());
    m.put(IDLE_AGE_SECONDS, Double.isNaN(d.idleAge()) ? -1 : d.idleAge());
    m.put(COLD_START_WEIGHT, d.weight());
    m.put(KEEP_WARM, d.warm() ? 1.0 : 0.0);
    m.put(PREDICTIVE_INSTANCES, (double) d.instances());
    m.put(PANIC_CONCURRENCY, panicAvg);
    m.put(PANIC, panicking ? 1.0 : 0.0);
    m.put(TARGET_INSTANCES, (double) target);
    m.put(DESIRED_INSTANCES, (double) desired);
    m.put(PERIOD_MINUTES, (double) track.period());
    if (!Double.isNaN(releaseAge)) {
      m.put(RELEASE_AGE_SECONDS, releaseAge);
    }
    return m;
  }
}
