package io.prescale.autoscaler.predictive;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.EpochNanos;

/**
 * What the forecast asks for at one tick (before the safety net and hysteresis), with the numbers
 * behind it: the rate (the model's forecast as a Gamma prior, updated with this minute's settled
 * arrivals), the mean load at the horizon and the slots worth holding ({@link
 * ArrivalDistribution#slots}). The model is in docs/predictive.md ("Demand at the horizon").
 */
record Demand(
    String model,
    boolean modelReady,
    double perMinute,
    double sigma,
    double rate,
    double shape,
    double horizon,
    double duration,
    double meanConcurrency,
    double quantile,
    int inflight,
    double pArrival,
    boolean fromIdleModel,
    double idleAge,
    double weight,
    boolean warm,
    int instances) {

  /**
   * An exact forecast is worth this much data at most (an hour): enough that a Poisson-exact model
   * is not swayed by one arrival, so a timer's expected tick is not read as a rate jump.
   */
  static final double PRIOR_SECONDS = 3600;

  /** At most this much data is needed before one arrival stops swaying a near-zero forecast. */
  static final double MIN_PRIOR_SECONDS = 30;

  static final double MAX_QUANTILE = 1 - 1e-6;

  static Demand of(
      DeciderSpec spec,
      String model,
      boolean modelReady,
      double perMinute,
      double sigma,
      int k,
      int t,
      double horizon,
      double duration,
      double runningDuration,
      double pIdle,
      double idleAge,
      double inFlight,
      double unsettledRate,
      double weight,
      double q,
      boolean alreadyWarm) {
    double mu = perMinute / 60;
    double extraVariance = Math.max(0, sigma * sigma - perMinute) / 3600;
    // a forecast is worth at least the time one arrival takes to come (at most half a minute):
    // a forecast near zero is not overturned into "1 per second" by one arrival
    double minPrior = mu > 0 ? Math.min(MIN_PRIOR_SECONDS, 1 / mu) : MIN_PRIOR_SECONDS;
    double prior =
        !modelReady
            ? 0
            : extraVariance > 0
                ? Math.max(minPrior, Math.min(PRIOR_SECONDS, mu / extraVariance))
                : PRIOR_SECONDS;
    double shape = mu * prior + k;
    double scale = prior + t;
    double rate = scale > 0 ? shape / scale : 0;
    // requests that run longer than arrivals take to settle are seen arriving only when they
    // end (telemetry reports an invocation with its span), after the minutes the forecast reads;
    // the ones running now are Little's law's count of their recent arrivals
    rate = Math.max(rate, unsettledRate);
    if (!(shape > 0)) {
      shape = Double.POSITIVE_INFINITY;
    }
    double pRate = 1 - ArrivalDistribution.probabilityNone(rate * horizon, shape);
    boolean fromIdle = !Double.isNaN(pIdle);
    double pArrival = fromIdle ? pIdle : pRate;
    boolean warm =
        WarmEconomics.keepWarm(
            pArrival, weight, horizon, EpochNanos.seconds(spec.tick()), alreadyWarm);

    // right after activity, a clustered function's next arrivals come faster than its average
    // rate: the idle-time model's hazard over the horizon says how much faster
    double slotRate = rate;
    if (fromIdle && pArrival < 1) {
      slotRate = Math.max(rate, -Math.log1p(-pArrival) / horizon);
    }
    // requests in flight at the horizon, M/M/inf from the inFlight running now (Little's law
    // once the horizon is long against the duration): those still running, inFlight e^(-H/r) (r
    // the running requests' expected duration), plus those that arrive and are still running,
    // rate d (1 - e^(-H/d)). From idle that is
    // about rate x min(d, H); for requests much longer than the horizon it is the requests
    // running now plus the arrivals within H, so a long-running function is provisioned for its
    // next arrivals on top of what it runs, not for its average load
    double stay = runningDuration > 0 ? Math.exp(-horizon / runningDuration) : 0;
    double survivors = Math.max(0, inFlight) * stay;
    double fresh = slotRate * (duration > 0 ? duration * -Math.expm1(-horizon / duration) : 0);
    double meanConcurrency = survivors + fresh;
    double effective = q;
    int inflight = 0;
    int instances = 0;
    if (warm) {
      // the whole survivors are known (they run now and most of them will still run); the slots
      // cover the uncertain rest: the arrivals plus the fraction of a survivor (a request likely
      // to end within the horizon frees its slot; the reactive floor still holds what runs now)
      int running = (int) Math.floor(survivors);
      double[] slots =
          ArrivalDistribution.slots(fresh + (survivors - running), shape, slotRate, weight);
      inflight = running + (int) slots[0] - 1;
      effective = Math.min(MAX_QUANTILE, slots[1]);
      int cc = spec.perInstanceConcurrency();
      int byMean = (int) Math.ceil(survivors / cc + fresh / spec.targetPerInstance() - 1e-3);
      int bySlots = (running + (int) slots[0] + cc - 1) / cc;
      instances = Math.max(byMean, bySlots);
    }
    return new Demand(
        model,
        modelReady,
        perMinute,
        sigma,
        rate,
        shape,
        horizon,
        duration,
        meanConcurrency,
        effective,
        inflight,
        pArrival,
        fromIdle,
        idleAge,
        weight,
        warm,
        instances);
  }
}
