package io.prescale.autoscaler.predictive;

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
  static final String IDLE_GAPS = "idleGaps";
  static final String BURST_INSTANCES = "burstInstances";
  static final String KEEPALIVE_GUARD = "keepAliveGuard";
  static final String OWN_SCORE = "firstInstanceScoreSeconds";
  static final String KEEPALIVE_SCORE = "keepAliveScoreSeconds";

  /**
   * The {@link TrafficClass} ordinal: 0 first-seen, 1 diurnal, 2 timer, 3 dense, 4 bursty, 5
   * sparse, 6 steady.
   */
  static final String TRAFFIC_CLASS = "trafficClass";

  private Signals() {}

  /** One line a person reads: path, model, forecast, quantile, the warm trade and the result. */
  static String reason(
      String path,
      TrafficClass traffic,
      Demand d,
      int desired,
      double panicAvg,
      int ready,
      double q) {
    StringBuilder sb =
        new StringBuilder(192)
            .append(path)
            .append(": ")
            .append(traffic.label())
            .append(" traffic; ");
    if (path.startsWith("reactive")) {
      fixed(sb.append("observed "), panicAvg)
          .append(" in flight, ready ")
          .append(ready)
          .append(", forecast wanted ")
          .append(d.instances())
          .append("; ");
    }
    sb.append(d.model()).append(d.modelReady() ? "" : " (warming up)").append(' ');
    fixed(sb, d.perMinute()).append("/min (err ");
    fixed(sb, d.sigma()).append(") -> ");
    fixed(sb, d.rate()).append("/s; q");
    fixed(sb, q);
    if (d.quantile() > q) {
      fixed(sb.append("->"), d.quantile());
    }
    sb.append(" in-flight ").append(d.inflight()).append(" over ");
    fixed(sb, d.duration()).append('s');
    sb.append("; P(arrival in ");
    fixed(sb, d.horizon()).append("s)=");
    fixed(sb, d.pArrival())
        .append(d.fromIdleModel() ? " (idle model)" : " (rate)")
        .append(d.warm() ? " warm" : " cold ok")
        .append(" -> ")
        .append(desired);
    return sb.toString();
  }

  /** Why the keep-alive guard holds, appended to {@link #reason}: the two scores it compares. */
  static String guardReason(double ownScore, double keepAliveScore) {
    StringBuilder sb =
        new StringBuilder(128).append("; held as the keep-alive would: own releases cost ");
    fixed(sb, Math.round(ownScore)).append(" s so far, the keep-alive ");
    return fixed(sb, Math.round(keepAliveScore)).append(" s").toString();
  }

  static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  static Map<String, Double> of(
      Demand d,
      double q,
      double panicAvg,
      boolean panicking,
      int target,
      int desired,
      int periodMinutes,
      double releaseAge,
      long idleGaps,
      int burst,
      boolean guard,
      double ownScore,
      double keepAliveScore,
      TrafficClass traffic) {
    // an immutable map built once: ScaleDecision's Map.copyOf keeps it as it is
    return Map.ofEntries(
        Map.entry(FORECAST_ARRIVALS_PER_SECOND, d.rate()),
        Map.entry(FORECAST_ARRIVALS_PER_MINUTE, d.perMinute()),
        Map.entry(FORECAST_ERROR_RATIO, d.sigma() / Math.max(1, d.perMinute())),
        Map.entry(QUANTILE, q),
        Map.entry(EFFECTIVE_QUANTILE, d.quantile()),
        Map.entry(HORIZON_SECONDS, d.horizon()),
        Map.entry(DURATION_SECONDS, d.duration()),
        Map.entry(MEAN_CONCURRENCY, d.meanConcurrency()),
        Map.entry(CONCURRENCY_QUANTILE, (double) d.inflight()),
        Map.entry(ARRIVAL_PROBABILITY, d.pArrival()),
        Map.entry(IDLE_AGE_SECONDS, Double.isNaN(d.idleAge()) ? -1 : d.idleAge()),
        Map.entry(COLD_START_WEIGHT, d.weight()),
        Map.entry(KEEP_WARM, d.warm() ? 1.0 : 0.0),
        Map.entry(PREDICTIVE_INSTANCES, (double) d.instances()),
        Map.entry(PANIC_CONCURRENCY, panicAvg),
        Map.entry(PANIC, panicking ? 1.0 : 0.0),
        Map.entry(TARGET_INSTANCES, (double) target),
        Map.entry(DESIRED_INSTANCES, (double) desired),
        Map.entry(PERIOD_MINUTES, (double) periodMinutes),
        Map.entry(RELEASE_AGE_SECONDS, Double.isNaN(releaseAge) ? -1 : releaseAge),
        Map.entry(IDLE_GAPS, (double) idleGaps),
        Map.entry(BURST_INSTANCES, (double) burst),
        Map.entry(KEEPALIVE_GUARD, guard ? 1.0 : 0.0),
        Map.entry(OWN_SCORE, ownScore),
        Map.entry(KEEPALIVE_SCORE, keepAliveScore),
        Map.entry(TRAFFIC_CLASS, (double) traffic.ordinal()));
  }

  /** Appends {@code v} with at most four decimals, without Double.toString (a hot path). */
  static StringBuilder fixed(StringBuilder sb, double v) {
    if (!Double.isFinite(v)) {
      return sb.append(v);
    }
    if (v < 0) {
      sb.append('-');
      v = -v;
    }
    if (v >= 1e12) {
      return sb.append(v);
    }
    long scaled = Math.round(v * 1e4);
    long whole = scaled / 10_000;
    long frac = scaled % 10_000;
    sb.append(whole);
    if (frac != 0) {
      sb.append('.');
      int digits = 4;
      while (frac % 10 == 0) {
        frac /= 10;
        digits--;
      }
      for (long p = (long) Math.pow(10, digits - 1); p > frac && p > 1; p /= 10) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb;
  }
}
