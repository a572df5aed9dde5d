package io.prescale.autoscaler.predictive;

/**
 * What kind of traffic a function's own data show, named in every decision's reason and signals
 * ({@link Signals#TRAFFIC_CLASS}, the ordinal). A label read from what the decider already learned
 * online, not a switch: the served forecast model is the one the function's own backtest favours
 * ({@link io.prescale.autoscaler.forecast.ModelSelector}), the period the one its own periodogram
 * finds, and the idle-time and burst models read its own gaps, so each class is served by whatever
 * those choose. First match wins:
 *
 * <ol>
 *   <li>{@link #FIRST_SEEN}: the served model has not seen enough minutes to forecast yet.
 *   <li>{@link #DIURNAL}: a period of half a day or more.
 *   <li>{@link #TIMER}: a shorter period.
 *   <li>{@link #DENSE}: at least one arrival a second forecast.
 *   <li>{@link #BURSTY}: the forecast's error is more than twice Poisson noise, or the burst levels
 *       hold instances.
 *   <li>{@link #SPARSE}: under one arrival a minute forecast, no period.
 *   <li>{@link #STEADY}: the rest (a rate the Poisson nowcast reads well).
 * </ol>
 */
enum TrafficClass {
  FIRST_SEEN("first-seen"),
  DIURNAL("diurnal"),
  TIMER("timer"),
  DENSE("dense"),
  BURSTY("bursty"),
  SPARSE("sparse"),
  STEADY("steady");

  /** A period at least this long (minutes) is daily rather than a timer's. */
  static final int DIURNAL_MINUTES = 720;

  private final String label;

  TrafficClass(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  static TrafficClass of(Demand d, int periodMinutes, int burstInstances) {
    if (!d.modelReady()) {
      return FIRST_SEEN;
    }
    if (periodMinutes >= DIURNAL_MINUTES) {
      return DIURNAL;
    }
    if (periodMinutes > 0) {
      return TIMER;
    }
    if (d.perMinute() >= 60) {
      return DENSE;
    }
    if (burstInstances > 0 || d.sigma() > 2 * Math.sqrt(Math.max(1, d.perMinute()))) {
      return BURSTY;
    }
    return d.perMinute() < 1 ? SPARSE : STEADY;
  }
}
