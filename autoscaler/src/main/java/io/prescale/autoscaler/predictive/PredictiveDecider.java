package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.IdleTimeModel;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Provisions one function ahead of its forecast demand.
 * <ol>
 *   <li><b>Horizon</b> {@code H} = cold-start time (observed init-duration p95, else
 *       {@code forecast.horizon}, else 1 s) + actuation latency + one tick.</li>
 *   <li><b>Rate</b>: the served model's forecast of arrivals in the current minute is a Gamma
 *       prior on the rate (its spread from the model's error beyond Poisson noise, worth at most
 *       {@value #PRIOR_SECONDS} s of data), updated with the arrivals already seen in this minute
 *       (a nowcast). Counts over a window are then negative binomial (Poisson when the model is
 *       exact).</li>
 *   <li><b>Target</b> (Little's law, M/G/inf): in-flight requests are the arrivals within one
 *       mean duration {@code D}. When an arrival within {@code H} is worth preparing for
 *       ({@link WarmEconomics}: its probability, from the idle-time model when it has data, times
 *       the cold-start price, against {@code H}), slots = the {@code q}-quantile of in-flight
 *       requests + one free slot for the arrival, and instances = max(ceil(mean load /
 *       (concurrency x utilization)), ceil(slots / concurrency)): the utilization bounds the mean
 *       load, the quantile carries the burst headroom. Otherwise the forecast asks for nothing
 *       (requests in flight keep their instances through the reactive floor).</li>
 *   <li><b>Safety net</b>: KPA-style panic when the concurrency observed over the panic window
 *       needs {@code panicThreshold} x the ready instances and more than the forecast gives; the
 *       panic target holds for one panic window, so a wrong forecast costs about one tick.</li>
 *   <li><b>Hysteresis</b>: the decision is the largest raw target of the last {@code H} seconds;
 *       scale-down is also rate-limited like Knative ({@code floor(ready / maxScaleDownRate)}).</li>
 *   <li><b>Keep-alive</b> (on-demand platforms): the idle age after which an arrival within
 *       {@code H} is no longer worth a warm instance.</li>
 * </ol>
 * Reads only whole seconds before {@code now}; the one exception is
 * {@link Observation#lastArrivalNanos()}, a past event, which tells that a request is waiting.
 */
final class PredictiveDecider implements Decider {
  static final String NAME = PredictiveDeciderProvider.NAME;
  static final double PRIOR_SECONDS = 60;
  static final double ACTUATION_SECONDS = 0.5;
  static final double DEFAULT_COLD_START_SECONDS = 1;
  static final double DEFAULT_DURATION_SECONDS = 1;
  static final int MIN_GAPS = 2;
  private static final int HYSTERESIS_SLOTS = 16;
  private static final double[] MEAN_GRID = {0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95};

  private final FunctionKey function;
  private final ForecastTrack track;
  private final IdleTimeModel idle = new IdleTimeModel();
  private ReactiveWindow panicWindow;
  private long lastScanned = Long.MIN_VALUE;
  private long lastArrivalSecond = Observation.NONE;
  private long partialMinute = Long.MIN_VALUE;
  private int partialArrivals;
  private int partialSeconds;
  private long panicUntil = Long.MIN_VALUE;
  private int panicMax;
  private final long[] rawAt = new long[HYSTERESIS_SLOTS];
  private final int[] raw = new int[HYSTERESIS_SLOTS];
  private int rawNext;
  private long cacheMinute = Long.MIN_VALUE;
  private double durationSeconds = DEFAULT_DURATION_SECONDS;
  private double initP95 = Double.NaN;
  private double releaseAgeSeconds = Double.NaN;

  PredictiveDecider(FunctionKey function, List<ForecastModelProvider> providers, double quantile) {
    this.function = function;
    this.track = new ForecastTrack(providers, quantile, function.value().hashCode());
    java.util.Arrays.fill(rawAt, Long.MIN_VALUE);
  }

  static double quantile(DeciderSpec spec) {
    Double q = spec.forecast().quantile();
    return q != null ? q : 1 - spec.coldStartBudget();
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, Instant now) {
    long nowSec = now.getEpochSecond();
    long last = nowSec - 1;
    double q = quantile(spec);
    int panicSeconds = (int) Math.max(1, Math.ceil(spec.panicWindow().toMillis() / 1000.0));
    if (panicWindow == null || panicWindow.length() != panicSeconds) {
      panicWindow = new ReactiveWindow(panicSeconds);
    }
    scanSeconds(obs, last);
    track.advance(obs, Math.floorDiv(nowSec, 60) - 1, q);
    refreshMinuteCache(obs, Math.floorDiv(nowSec, 60));
    Demand d = demand(spec, obs, nowSec, q);
    int ready = obs.readyInstances();

    double panicAvg = panicWindow.average(last);
    int observedNeed = (int) Math.ceil(panicAvg / spec.targetPerInstance() - 1e-9);
    boolean over = observedNeed > d.instances
        && observedNeed >= spec.panicThresholdPercentage() / 100.0 * Math.max(1, ready);
    if (over) {
      panicUntil = nowSec + panicSeconds;
    }
    boolean panicking = nowSec < panicUntil;
    // as in Knative: while panicking, follow the panic demand up and never scale down
    panicMax = panicking ? Math.max(panicMax, observedNeed) : 0;
    int target = d.instances;
    int floor = (int) Math.ceil(panicAvg / spec.perInstanceConcurrency() - 1e-9);
    if (d.waiting) {
      floor = Math.max(floor, 1);
    }
    String path = "predictive";
    if (panicking && panicMax > target) {
      target = panicMax;
      path = "reactive-panic";
    } else if (floor > target) {
      target = floor;
      path = "reactive";
    }
    int desired = hysteresis(nowSec, target, d.horizon);
    desired = Math.max(desired, (int) Math.floor(ready / spec.maxScaleDownRate()));
    desired = Math.min(desired, (int) Math.ceil(spec.maxScaleUpRate() * Math.max(1, ready)));
    if (!spec.scaleToZero()) {
      desired = Math.max(desired, 1);
    }
    ScaleDecision decision = new ScaleDecision(function, now, true, desired, keepAlive(spec, d),
        NAME, reason(path, d, desired, panicAvg, ready, q),
        Signals.of(d, q, panicAvg, panicking, target, desired, track, releaseAgeSeconds));
    return decision.clampedTo(spec);
  }

  private void scanSeconds(Observation obs, long last) {
    long firstSecond = obs.firstSecond();
    if (firstSecond == Observation.NONE) {
      return;
    }
    long from = Math.max(firstSecond, last - Math.max(1, obs.retainedSeconds()) + 1);
    if (lastScanned != Long.MIN_VALUE) {
      from = Math.max(from, lastScanned + 1);
    }
    for (long s = from; s <= last; s++) {
      long a = obs.arrivals(s);
      panicWindow.add(s, obs.concurrency(s));
      long minute = Math.floorDiv(s, 60);
      if (minute != partialMinute) {
        partialMinute = minute;
        partialArrivals = 0;
        partialSeconds = 0;
      }
      partialSeconds++;
      if (a > 0) {
        partialArrivals += (int) Math.min(Integer.MAX_VALUE - partialArrivals, a);
        if (lastArrivalSecond != Observation.NONE) {
          idle.record(s - lastArrivalSecond);
        }
        lastArrivalSecond = s;
      }
    }
    lastScanned = Math.max(lastScanned, last);
  }

  private void refreshMinuteCache(Observation obs, long minute) {
    if (minute == cacheMinute) {
      return;
    }
    cacheMinute = minute;
    double sum = 0;
    for (double u : MEAN_GRID) {
      sum += obs.durationQuantileSeconds(u); // mean = integral of the quantile function
    }
    double mean = sum / MEAN_GRID.length;
    if (Double.isFinite(mean) && mean > 0) {
      durationSeconds = mean;
    }
    initP95 = obs.initDurationQuantileSeconds(0.95);
    releaseAgeSeconds = Double.NaN; // recomputed lazily with this minute's horizon
  }

  private Demand demand(DeciderSpec spec, Observation obs, long nowSec, double q) {
    double coldStart = Double.isFinite(initP95) && initP95 > 0 ? initP95
        : spec.forecast().horizon() != null ? spec.forecast().horizon().toMillis() / 1000.0
        : DEFAULT_COLD_START_SECONDS;
    double tick = spec.tick().toMillis() / 1000.0;
    double horizon = coldStart + ACTUATION_SECONDS + tick;

    ForecastModel model = track.model();
    boolean modelReady = track.observed() >= model.warmUp();
    double secondsLeft = 60 - Math.floorMod(nowSec, 60);
    int steps = secondsLeft < horizon ? 2 : 1;
    double perMinute = 0;
    double sigma = 0;
    if (modelReady) {
      perMinute = Math.max(0, model.forecast(1));
      if (steps == 2) {
        perMinute = Math.max(perMinute, model.forecast(2));
      }
      sigma = model.errorStdDev(steps);
    }
    double mu = perMinute / 60;
    double extraVariance = Math.max(0, sigma * sigma - perMinute) / 3600;
    double priorSeconds = !modelReady ? 0
        : extraVariance > 0 ? Math.min(PRIOR_SECONDS, mu / extraVariance) : PRIOR_SECONDS;
    boolean partialIsCurrent = partialMinute == Math.floorDiv(nowSec, 60);
    int k = partialIsCurrent ? partialArrivals : 0;
    int t = partialIsCurrent ? partialSeconds : 0;
    double shape = mu * priorSeconds + k;
    double scale = priorSeconds + t;
    double rate = scale > 0 ? shape / scale : 0;
    if (!(shape > 0)) {
      shape = Double.POSITIVE_INFINITY;
    }

    boolean waiting = obs.lastArrivalNanos() != Observation.NONE
        && Math.floorDiv(obs.lastArrivalNanos(), 1_000_000_000L) > lastScanned;
    double pRate = 1 - ArrivalDistribution.probabilityNone(rate * horizon, shape);
    double age = lastArrivalSecond == Observation.NONE ? Double.NaN : nowSec - lastArrivalSecond;
    double pIdle = Double.NaN;
    if (waiting) {
      pIdle = 1;
    } else if (idle.recorded() >= MIN_GAPS && !Double.isNaN(age)) {
      pIdle = idle.probabilityWithin(age, horizon);
    }
    double pArrival = Double.isNaN(pIdle) ? pRate : pIdle;
    double weight = WarmEconomics.coldStartWeightSeconds(spec, q);
    boolean warm = WarmEconomics.keepWarm(pArrival, weight, horizon);

    double duration = durationSeconds;
    double meanConcurrency = rate * duration;
    int inflight = ArrivalDistribution.quantile(meanConcurrency, shape, q);
    // requests already in flight hold their instances (the reactive floor sees them); the
    // forecast provisions for new arrivals only when one is worth preparing for
    int instances = 0;
    if (warm) {
      int cc = spec.perInstanceConcurrency();
      int byMean = (int) Math.ceil(meanConcurrency / spec.targetPerInstance() - 1e-9);
      int bySlots = (inflight + 1 + cc - 1) / cc;
      instances = Math.max(byMean, bySlots);
    }
    return new Demand(model.name(), modelReady, perMinute, sigma, rate, shape, horizon, duration,
        meanConcurrency, inflight, pArrival, !Double.isNaN(pIdle), age, weight, warm, instances,
        waiting);
  }

  private int hysteresis(long nowSec, int target, double horizon) {
    rawAt[rawNext] = nowSec;
    raw[rawNext] = target;
    rawNext = (rawNext + 1) % HYSTERESIS_SLOTS;
    long since = nowSec - (long) Math.ceil(horizon);
    int max = target;
    for (int i = 0; i < HYSTERESIS_SLOTS; i++) {
      if (rawAt[i] > since && raw[i] > max) {
        max = raw[i];
      }
    }
    return max;
  }

  private Duration keepAlive(DeciderSpec spec, Demand d) {
    if (idle.recorded() < MIN_GAPS) {
      return spec.keepAlive();
    }
    if (Double.isNaN(releaseAgeSeconds)) {
      releaseAgeSeconds = idle.releaseAge(d.horizon, WarmEconomics.threshold(d.weight, d.horizon));
    }
    return Duration.ofMillis((long) (1000 * Math.max(1, releaseAgeSeconds)));
  }

  private static String reason(String path, Demand d, int desired, double panicAvg, int ready, double q) {
    StringBuilder sb = new StringBuilder(120).append(path).append(": ");
    if (path.startsWith("reactive")) {
      sb.append("observed ").append(round(panicAvg)).append(" in flight, ready ").append(ready)
          .append(", forecast wanted ").append(d.instances).append("; ");
    }
    sb.append(d.model).append(d.modelReady ? "" : " (warming up)").append(' ')
        .append(round(d.perMinute)).append("/min (err ").append(round(d.sigma)).append(") -> ")
        .append(round(d.rate)).append("/s; q").append(q).append(" in-flight ").append(d.inflight)
        .append(" over ").append(round(d.duration)).append("s; P(arrival in ")
        .append(round(d.horizon)).append("s)=").append(round(d.pArrival))
        .append(d.fromIdleModel ? " (idle model)" : " (rate)")
        .append(d.warm ? " warm" : " cold ok").append(" -> ").append(desired);
    return sb.toString();
  }

  static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** What the forecast asks for at one tick; the decision adds the safety net and hysteresis. */
  record Demand(String model, boolean modelReady, double perMinute, double sigma, double rate,
      double shape, double horizon, double duration, double meanConcurrency, int inflight,
      double pArrival, boolean fromIdleModel, double idleAge, double weight, boolean warm,
      int instances, boolean waiting) {}

  ForecastTrack track() {
    return track;
  }

  IdleTimeModel idle() {
    return idle;
  }
}
