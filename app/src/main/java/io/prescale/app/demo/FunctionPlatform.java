package io.prescale.app.demo;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import java.util.ArrayDeque;

/**
 * One function's instances on the emulated on-demand platform. Owned by the emulator's thread. An
 * instance serves one request at a time; it is starting (cold start under way), busy or idle.
 */
final class FunctionPlatform {
  static final int CONCURRENCY_WINDOW = 30;
  static final int RATE_WINDOW = 10;

  /** One instance; {@code waiting} is the request that claimed it while it was starting. */
  static final class Instance {
    final String id;
    long idleSince;
    long waitingArrival = -1;
    long waitingDuration;

    Instance(String id) {
      this.id = id;
    }
  }

  final int index;
  final DemoFunction function;
  final FunctionKey key;

  /** Ready idle instances, longest idle first. */
  final ArrayDeque<Instance> idle = new ArrayDeque<>();

  /** Starting instances no request has claimed yet (pre-warmed by a decision). */
  final ArrayDeque<Instance> unclaimed = new ArrayDeque<>();

  int starting;
  int busy;

  /** Requests waiting for a starting instance. */
  int waiting;

  long arrivals;
  long coldStarts;
  long completed;
  ScaleDecision lastDecision;
  private int nextId;
  private final double[] inFlight = new double[CONCURRENCY_WINDOW];
  private final long[] perSecond = new long[RATE_WINDOW];
  private int samples;
  private long arrivalsAtLastSample;

  FunctionPlatform(int index, DemoFunction function) {
    this.index = index;
    this.function = function;
    this.key = FunctionKey.of(function.key());
  }

  Instance newInstance() {
    return new Instance(function.name() + "-" + (++nextId));
  }

  /** Instances that exist: idle, busy or starting. */
  int instances() {
    return idle.size() + busy + starting;
  }

  /** Called once a second: records in-flight requests and the second's arrivals. */
  void sample() {
    inFlight[samples % CONCURRENCY_WINDOW] = busy + waiting;
    perSecond[samples % RATE_WINDOW] = arrivals - arrivalsAtLastSample;
    arrivalsAtLastSample = arrivals;
    samples++;
  }

  /** Mean in-flight requests over the last {@value #CONCURRENCY_WINDOW} s (fewer at start). */
  double meanConcurrency() {
    int n = Math.min(samples, CONCURRENCY_WINDOW);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += inFlight[i];
    }
    return n == 0 ? 0 : sum / n;
  }

  /** Arrivals per second over the last {@value #RATE_WINDOW} s (fewer at start). */
  double ratePerSecond() {
    int n = Math.min(samples, RATE_WINDOW);
    long sum = 0;
    for (int i = 0; i < n; i++) {
      sum += perSecond[i];
    }
    return n == 0 ? 0 : (double) sum / n;
  }

  FunctionRow row() {
    ScaleDecision d = lastDecision;
    double forecast = Double.NaN;
    if (d != null && d.signals().containsKey("forecastArrivalsPerSecond")) {
      forecast = d.signals().get("forecastArrivalsPerSecond");
    }
    int desired = d == null || !d.valid() ? -1 : d.desiredInstances();
    return new FunctionRow(
        function.key(),
        ratePerSecond(),
        forecast,
        desired,
        idle.size() + busy,
        starting,
        busy + waiting,
        coldStarts,
        arrivals,
        completed,
        d == null ? "" : d.decider());
  }
}
