package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.IdleTimeModel;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Provisions one function ahead of its forecast demand: horizon, rate (a nowcast on the model's
 * forecast, {@link Demand}), target (Little's law and the cold-start trade of {@link
 * WarmEconomics}), bursts ({@link BurstLevels}), safety net, hysteresis, keep-alive and its guard
 * ({@link KeepAliveCheck}). Step by step in docs/predictive.md ("The decider").
 *
 * <p>Reads only whole seconds before {@code now}; arrivals only once settled (see {@link
 * ActivityTracker}).
 */
final class PredictiveDecider implements Decider {
  static final String NAME = PredictiveDeciderProvider.NAME;
  static final double ACTUATION_SECONDS = 0.5;
  static final double DEFAULT_COLD_START_SECONDS = 1;
  static final double DEFAULT_DURATION_SECONDS = 1;

  /**
   * The idle-time model speaks from its first gap: its probability is always shrunk towards the
   * rate model's, worth {@link #PRIOR_GAPS} gaps ({@link IdleTimeModel#blend}), so one gap weighs
   * 1/11 and cannot overrule the rate model alone; a further threshold would only discard data.
   */
  static final int MIN_GAPS = 1;

  /** The rate model's arrival probability counts as this many idle gaps in the idle-time model. */
  static final double PRIOR_GAPS = 10;

  /**
   * Longest wait for a second's arrivals to be complete: telemetry reports an invocation when it
   * ends, so a second is settled once its p99 duration has passed; at most 15 minutes, the longest
   * timeout serverless platforms allow (AWS Lambda). A shorter cap left the rate model blind to
   * functions whose requests run longer than it: it read their minutes before their spans came.
   */
  static final int MAX_SETTLE_SECONDS = 900;

  private static final int HYSTERESIS_SLOTS = 16;
  static final int LITTLE_MINUTES = 5;
  static final int LITTLE_MIN_ARRIVALS = 10;
  private static final double[] MEAN_GRID = {
    0.05, 0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.95
  };

  private final FunctionKey function;
  private final ForecastTrack track;
  private final ActivityTracker activity = new ActivityTracker();
  private final OnDemandDetector platform = new OnDemandDetector();
  private final BurstLevels bursts = new BurstLevels();
  private final KeepAliveCheck check = new KeepAliveCheck();
  private long panicUntil = Long.MIN_VALUE;
  private int panicMax;
  private int lastDesired = -1;
  private final long[] rawAt = new long[HYSTERESIS_SLOTS];
  private final int[] raw = new int[HYSTERESIS_SLOTS];
  private int rawNext;
  private long cacheMinute = Long.MIN_VALUE;
  private double durationSeconds = DEFAULT_DURATION_SECONDS;
  private boolean durationKnown; // whether durationSeconds comes from data, not the default
  private int settleSeconds = 2;
  private double initP95 = Double.NaN;
  private double releaseAgeSeconds = Double.NaN;
  private double budgetWeight = Double.NaN;
  private double rateProbability =
      Double.NaN; // the rate model's P(arrival within H), last decision
  private long quietUntil = NO_PROMISE;
  private QuietAsk quietAsk;

  PredictiveDecider(FunctionKey function, List<ForecastModelProvider> providers, double quantile) {
    this.function = function;
    this.track = new ForecastTrack(providers, quantile, function.value().hashCode());
    Arrays.fill(rawAt, Long.MIN_VALUE);
    activity.onGap(check::gapEnded);
  }

  static double quantile(DeciderSpec spec) {
    Double q = spec.forecast().quantile();
    return q != null ? q : 1 - spec.coldStartBudget();
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    long nowSec = EpochNanos.second(nowNanos);
    long last = nowSec - 1;
    double q = quantile(spec);
    int panicSeconds = (int) Math.max(1, Math.ceil(EpochNanos.seconds(spec.panicWindow())));
    refreshMinuteCache(obs, Math.floorDiv(nowSec, 60));
    activity.scan(obs, last, last - settleSeconds, panicSeconds);
    track.advance(obs, Math.floorDiv(nowSec - settleSeconds, 60) - 1, q);
    int ready = obs.readyInstances();
    platform.observe(nowSec, ready, lastDesired, activity.lastConcurrency());
    Demand d = demand(spec, obs, nowSec, q, ready);
    double idleAge = activity.idleAge(nowSec);
    double keepAliveSeconds = EpochNanos.seconds(spec.keepAlive());
    // what the platform's own scaler holds after a request: the operator's keep-alive on
    // on-demand platforms, Knative's stable window plus scale-to-zero grace on autoscaled ones
    double retentionSeconds = WarmEconomics.retentionSeconds(spec, platform.onDemand());
    check.tick(
        nowSec,
        ready,
        lastDesired,
        idleAge > 0,
        WarmEconomics.coldStartWeightSeconds(spec, q, platform.onDemand()),
        retentionSeconds,
        EpochNanos.seconds(spec.tick()));
    int burst =
        activity.levels() == null
            ? 0
            : bursts.instances(
                activity.levels(),
                d,
                nowSec,
                ready,
                spec.perInstanceConcurrency(),
                EpochNanos.seconds(spec.tick()),
                WarmEconomics.coldStartWeightSeconds(spec, q, platform.onDemand()),
                platform.onDemand() ? EpochNanos.seconds(spec.keepAlive()) : Double.NaN,
                activity.idle().recorded());
    int predicted = Math.max(d.instances(), burst);
    // never much worse on the first instance than what the platform's own retention holds
    boolean guard = predicted == 0 && ready > 0 && check.worse() && idleAge < retentionSeconds;
    if (guard) {
      predicted = 1;
    }

    double panicAvg = activity.panicAverage(last);
    // instances the observed demand occupies at full per-instance concurrency: the forecast was
    // wrong when it provisioned fewer (Knative divides by the utilization target instead, which
    // makes one request in flight on one instance a panic)
    // (less a tolerance: a mean of exactly one request in flight reads 1.0000000001 at times)
    int observedNeed = (int) Math.ceil(panicAvg / spec.perInstanceConcurrency() - 1e-3);
    // no panic where the platform starts instances for requests itself (on-demand): it already
    // served the burst, and panic instances would only linger for the keep-alive
    boolean over =
        !platform.onDemand()
            && observedNeed > predicted
            && observedNeed >= spec.panicThresholdPercentage() / 100.0 * Math.max(1, ready);
    if (over) {
      panicUntil = nowSec + panicSeconds;
    }
    boolean panicking = nowSec < panicUntil;
    // as in Knative: while panicking, follow the panic demand up and never scale down
    panicMax = panicking ? Math.max(panicMax, observedNeed) : 0;
    int target = predicted;
    int floor = observedNeed;
    String path = guard ? "keepalive-guard" : burst > d.instances() ? "burst" : "predictive";
    if (panicking && panicMax > target) {
      target = panicMax;
      path = "reactive-panic";
    } else if (floor > target) {
      target = floor;
      path = "reactive";
    }
    int desired = hysteresis(nowSec, target, d.horizon());
    // rate limits relative to this decider's own last decision: on an on-demand platform the
    // ready count includes instances the platform started for requests, which must stay free to go
    desired =
        Math.max(desired, (int) Math.floor(Math.max(0, lastDesired) / spec.maxScaleDownRate()));
    desired =
        Math.min(
            desired,
            (int) Math.ceil(spec.maxScaleUpRate() * Math.max(1, Math.max(ready, lastDesired))));
    if (!spec.scaleToZero()) {
      desired = Math.max(desired, 1);
    }
    platform.decided(nowSec, desired);
    lastDesired = desired;
    quietUntil = NO_PROMISE;
    quietAsk = null;
    if (desired == 0
        && ready == 0
        && burst == 0
        && !d.warm()
        && !panicking
        && !guard
        && activity.lastConcurrency() == 0
        && !(d.idleAge() <= settleSeconds) // NaN: not busy within the retained seconds
        && (activity.levels() == null || activity.levels().recorded(0) < MIN_GAPS)) {
      // worked out only when the tick loop asks (the simulator does; each span it finds saves
      // many decisions), from what holds now: the idle-time model changes only at the next decision
      quietAsk =
          new QuietAsk(
              nowSec,
              settleSeconds,
              d.horizon(),
              spec.tick().toNanos() / 1e9,
              d.idleAge(),
              rateProbability,
              d.weight());
    }
    // the words are made only when someone reads them, from values captured now
    Duration keep = keepAlive(spec, d, q); // sets releaseAgeSeconds
    String chosen = path;
    int period = track.period();
    long gaps = activity.idle().recorded();
    double ownScore = check.ownScore();
    double keepAliveScore = check.keepAliveScore();
    double release = releaseAgeSeconds;
    int tgt = target;
    boolean panicNow = panicking;
    boolean held = guard;
    int burstHeld = burst;
    int want = desired;
    ScaleDecision decision =
        ScaleDecision.explained(
            function,
            nowNanos,
            desired,
            keep,
            NAME,
            () ->
                new ScaleDecision.Explanation(
                    Signals.reason(
                            chosen,
                            TrafficClass.of(d, period, burstHeld),
                            d,
                            want,
                            panicAvg,
                            ready,
                            q)
                        + (held ? Signals.guardReason(ownScore, keepAliveScore) : ""),
                    Signals.of(
                        d,
                        q,
                        panicAvg,
                        panicNow,
                        tgt,
                        want,
                        period,
                        release,
                        gaps,
                        burstHeld,
                        held,
                        ownScore,
                        keepAliveScore,
                        TrafficClass.of(d, period, burstHeld))));
    return decision; // the tick step clamps it into the spec's bounds (FunctionTicker)
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
    // Little's law on the last settled minutes: mean time in flight = in-flight / arrival rate.
    // Exact where the quantile grid misses a heavy tail (a p99 of a minute moves the mean a lot)
    long arrivals = 0;
    double inflight = 0;
    long lastSettled = Math.floorDiv(minute * 60 - settleSeconds, 60) - 1;
    for (long m = lastSettled - LITTLE_MINUTES + 1; m <= lastSettled; m++) {
      arrivals += obs.minuteArrivals(m);
      inflight += obs.minuteConcurrency(m) * 60;
    }
    if (arrivals >= LITTLE_MIN_ARRIVALS && inflight > 0) {
      durationSeconds = inflight / arrivals;
      durationKnown = true;
    } else if (Double.isFinite(mean) && mean > 0) {
      durationSeconds = mean;
      durationKnown = true;
    }
    double p99 = obs.durationQuantileSeconds(0.99);
    if (Double.isFinite(p99) && p99 > 0) {
      settleSeconds = (int) Math.min(MAX_SETTLE_SECONDS, Math.ceil(p99) + 1);
    }
    initP95 = obs.initDurationQuantileSeconds(0.95);
    releaseAgeSeconds = Double.NaN; // recomputed lazily with this minute's horizon
    budgetWeight = Double.NaN; // the idle-time model's keep-alive price, lazily once a minute
    bursts.newMinute();
  }

  private Demand demand(DeciderSpec spec, Observation obs, long nowSec, double q, int ready) {
    double coldStart =
        Double.isFinite(initP95) && initP95 > 0
            ? initP95
            : spec.forecast().horizon() != null
                ? EpochNanos.seconds(spec.forecast().horizon())
                : DEFAULT_COLD_START_SECONDS;
    double horizon = coldStart + ACTUATION_SECONDS + EpochNanos.seconds(spec.tick());
    ForecastModel model = track.model();
    boolean modelReady = track.observed() >= model.warmUp();
    long minute = Math.floorDiv(nowSec, 60);
    // the model's last minute is the one before the settled frontier; steps to cover now + H
    long modelNext = Math.floorDiv(nowSec - settleSeconds, 60);
    int first = (int) Math.max(1, minute - modelNext + 1);
    int lastStep =
        (int)
            Math.max(first, Math.floorDiv(nowSec + (long) Math.ceil(horizon), 60) - modelNext + 1);
    double perMinute = 0;
    double sigma = 0;
    if (modelReady) {
      for (int h = first; h <= lastStep; h++) {
        perMinute = Math.max(perMinute, model.forecast(h));
      }
      sigma = model.errorStdDev(lastStep);
    }
    IdleTimeModel idle = activity.idle();
    double age = activity.idleAge(nowSec);
    boolean waiting = ready == 0 && activity.lastConcurrency() > 0;
    double weight = WarmEconomics.coldStartWeightSeconds(spec, q, platform.onDemand());
    if (platform.onDemand() && idle.recorded() >= PRIOR_GAPS) {
      if (Double.isNaN(budgetWeight)) {
        budgetWeight = idle.budgetWeight(EpochNanos.seconds(spec.keepAlive()));
      }
      weight = WarmEconomics.atLeastKeepAlive(weight, budgetWeight);
    }
    // without history the nowcast is the rate: the arrival that revealed the function says
    // nothing about it (one request must not read as "one per settled second")
    int k =
        modelReady ? activity.partialArrivals(modelNext) : activity.informativeArrivals(modelNext);
    int t =
        modelReady ? activity.partialSeconds(modelNext) : activity.informativeSeconds(modelNext);
    // arrivals are counted once they end, so what comes now is seen first in flight: at least
    // the net growth of the requests in flight over the last horizon (arrivals >= growth), and,
    // for requests longer than the settling cap, Little's law on those in flight
    double unsettled =
        Math.max(
            activity.inFlightGrowth(obs, nowSec - 1, (int) Math.ceil(horizon)),
            durationSeconds > settleSeconds ? activity.lastConcurrency() / durationSeconds : 0);
    double running = runningDuration(obs, nowSec, horizon);
    Demand rateOnly =
        Demand.of(
            spec,
            model.name(),
            modelReady,
            Math.max(0, perMinute),
            sigma,
            k,
            t,
            horizon,
            durationKnown ? durationSeconds : running,
            running,
            Double.NaN,
            age,
            activity.lastConcurrency(),
            unsettled,
            weight,
            q,
            ready > 0);
    double pRate = rateOnly.pArrival();
    rateProbability = pRate;
    double pIdle = Double.NaN;
    if (waiting) {
      pIdle = 1;
    } else if (idle.recorded() >= MIN_GAPS && !Double.isNaN(age)) {
      pIdle = idle.blend(idle.probabilityWithin(age, horizon), pRate, PRIOR_GAPS);
    }
    if (Double.isNaN(pIdle)) {
      return rateOnly;
    }
    return Demand.of(
        spec,
        model.name(),
        modelReady,
        Math.max(0, perMinute),
        sigma,
        k,
        t,
        horizon,
        durationKnown ? durationSeconds : running,
        running,
        pIdle,
        age,
        activity.lastConcurrency(),
        unsettled,
        weight,
        q,
        ready > 0);
  }

  /**
   * How long the requests in flight now are expected to run: the mean duration, or longer when few
   * of them have ended lately (Little's law on the live counts, in flight over ends per second in
   * the last horizon, counting one end more than seen). Requests that have only started have no
   * duration in the sketch yet: a batch of twenty-minute jobs would otherwise read as the default
   * second and be expected to free their instances before the next tick.
   */
  private double runningDuration(Observation obs, long nowSec, double horizon) {
    double inFlight = activity.lastConcurrency();
    if (!(inFlight > 0)) {
      return durationSeconds;
    }
    int w = (int) Math.ceil(horizon);
    long ends = 0;
    for (long s = nowSec - w; s < nowSec; s++) {
      long c = obs.completions(s);
      if (c < 0) {
        return durationSeconds; // the source does not say
      }
      ends += c;
    }
    // one end more than seen (a prior worth one request): a single request running without an
    // end in the window is expected to run about the window longer, not forever; a batch of
    // thousands that do not end, for as long as they take
    return Math.max(durationSeconds, inFlight * w / (ends + 1));
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

  /**
   * On-demand keep-alive of idle instances above the decision. Where the forecast holds instances
   * (an arrival is worth a warm slot), an extra one a burst left behind is kept for the stable
   * window. Elsewhere: the operator's keep-alive, cut short once the idle-time model (with enough
   * gaps seen) says either that the next arrival is unlikely ({@code < 1 - quantile}) to come
   * before it, or that holding stops paying now while a later pre-warm will meet the next arrival
   * (a rhythm, such as a timer). At least the horizon, so the next decision sees the instance.
   */
  private Duration keepAlive(DeciderSpec spec, Demand d, double q) {
    IdleTimeModel idle = activity.idle();
    double keep = EpochNanos.seconds(spec.keepAlive());
    if (d.warm()) {
      // the forecast holds what pays; an extra instance a burst left is kept while the stable
      // window still remembers that burst
      keep = EpochNanos.seconds(spec.stableWindow());
    } else if (idle.recorded() >= PRIOR_GAPS) {
      if (Double.isNaN(releaseAgeSeconds)) {
        double tick = EpochNanos.seconds(spec.tick());
        // the idle-time model shrunk towards the rate model, as for the pre-warm decisions
        releaseAgeSeconds =
            Math.min(
                idle.unlikelyBefore(keep, 1 - q, d.rate(), PRIOR_GAPS),
                idle.releaseBeforeRewarm(
                    d.horizon(),
                    WarmEconomics.threshold(d.weight(), tick),
                    WarmEconomics.threshold(d.weight(), d.horizon()),
                    d.weight(),
                    keep,
                    d.rate(),
                    PRIOR_GAPS));
      }
      keep = releaseAgeSeconds;
    }
    return Duration.ofMillis((long) (1000 * Math.max(d.horizon(), keep)));
  }

  @Override
  public long quietUntilNanos() {
    if (quietAsk != null) {
      QuietAsk a = quietAsk;
      quietAsk = null;
      quietUntil =
          QuietSpan.until(
                  a.nowSec(),
                  a.settleSeconds(),
                  a.horizon(),
                  a.tickSeconds(),
                  a.idleAge(),
                  a.pRate(),
                  activity.idle(),
                  a.weight())
              * EpochNanos.PER_SECOND;
    }
    return quietUntil;
  }

  /** The inputs of a quiet span, kept until the tick loop asks for the promise. */
  private record QuietAsk(
      long nowSec,
      int settleSeconds,
      double horizon,
      double tickSeconds,
      double idleAge,
      double pRate,
      double weight) {}

  ForecastTrack track() {
    return track;
  }

  IdleTimeModel idle() {
    return activity.idle();
  }
}
