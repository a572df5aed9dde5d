package io.prescale.simulator.engine;

import io.prescale.autoscaler.loop.FunctionTicker;
import io.prescale.core.Invocation;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.Durations;
import io.prescale.core.time.EpochNanos;
import io.prescale.simulator.platform.InstancePool;
import io.prescale.simulator.platform.PoolConfig;
import io.prescale.simulator.platform.PoolListener;
import io.prescale.simulator.trace.TraceFunction;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * One function in one run: its platform pool, its telemetry (the collector's windows), its decider
 * and its counters. Writes reach the telemetry only when the virtual clock reaches them: a finished
 * invocation at its end, a second's concurrency when the second is over.
 */
final class FunctionRun implements PoolListener {
  final TraceFunction function;
  final InstancePool pool;
  final FunctionTelemetry telemetry;
  final MinuteSeries series;

  /** Quiescence horizon of this function's own mode ({@link Quiescence#NEVER}: never skipped). */
  final long horizon;

  private final SpecResolver resolver;
  private DeciderSpec spec;
  private SpecResolver.Resolved resolved;
  private final FunctionTicker ticker;
  private final ConcurrencyMeter meter;
  private final Histogram waits;
  private final SimulationHooks hooks;
  private final long memoryBytes;

  long invocations;
  long coldStarts;
  long completions;
  long scalingActions;
  long decisions;
  long lastActivity;
  long pokeAt = Long.MIN_VALUE;
  private final double initSeconds;
  long lastTick = Long.MIN_VALUE;
  boolean active;

  /** While inactive after a decider's quiet promise: the tick at which it is due again. */
  long wakeAt = Long.MIN_VALUE;

  private int lastDesired;

  /**
   * @param resolved the function's spec and provider at the start
   * @param resolver non-null when the spec may change: resolved again at every tick
   * @param horizon quiescence horizon, {@link Quiescence#NEVER} when never skipped
   */
  FunctionRun(
      TraceFunction function,
      SpecResolver.Resolved resolved,
      SpecResolver resolver,
      long horizon,
      FunctionTelemetry telemetry,
      SimulationConfig config,
      PoolConfig poolConfig,
      Histogram waits,
      SimulationHooks hooks,
      MinuteSeries series,
      long startNanos) {
    this.function = function;
    this.spec = resolved.spec();
    this.resolved = resolved;
    // the tick step of prescale run's loop: the decider of the spec's mode, clamped to its bounds
    this.ticker = new FunctionTicker(function.key(), s -> this.resolved.provider());
    this.resolver = resolver;
    this.horizon = horizon;
    this.telemetry = telemetry;
    this.waits = waits;
    this.hooks = hooks;
    this.series = series;
    this.pool = config.platform().newPool(poolConfig, this);
    this.meter =
        new ConcurrencyMeter(
            telemetry instanceof BlindTelemetry ? null : telemetry::recordConcurrency);
    this.memoryBytes = (long) (function.memoryMb() * 1024 * 1024);
    this.initSeconds = poolConfig.coldStartNanos() / 1e9;
    this.lastActivity = startNanos;
  }

  void arrive(long t, long duration) {
    pool.advanceTo(t);
    meter.change(t, 1);
    invocations++;
    lastActivity = t;
    if (series != null) {
      series.arrival(t);
    }
    pool.arrive(t, duration);
  }

  /**
   * Brings the function to {@code t} (epoch nanoseconds) and asks its decider; returns the
   * decision.
   */
  ScaleDecision tick(long t) {
    lastTick = t;
    if (resolver != null) {
      respec(t);
    }
    pool.advanceTo(t);
    meter.advance(t);
    Observation obs = telemetry.view(pool.readyInstances(), t);
    ScaleDecision d;
    try {
      d = ticker.decide(spec, obs, t);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "decider "
              + spec.mode()
              + " failed for function "
              + function.key()
              + " at "
              + EpochNanos.toInstant(t)
              + ": "
              + e,
          e);
    }
    decisions++;
    if (d.valid()) {
      int desired = d.desiredInstances();
      if (desired != lastDesired) {
        scalingActions++;
        lastDesired = desired;
      }
      Duration keep = d.keepAlive();
      pool.apply(t, desired, keep == null ? 0 : keep.toNanos());
    }
    hooks.decided(function.index(), t, d);
    return d;
  }

  /**
   * Re-resolves a varying spec; a new mode gets a new decider (the ticker's), other changes keep
   * its state.
   */
  private void respec(long t) {
    // the policy's resolver takes an Instant (its time-of-day rules' edge)
    SpecResolver.Resolved r = resolver.resolve(function, EpochNanos.toInstant(t));
    if (r.spec().equals(spec)) {
      return;
    }
    checkTick(function, r.spec(), resolver.tick());
    resolved = r;
    spec = r.spec();
    hooks.resolved(function.index(), t, spec);
  }

  /** Fails when {@code spec} does not use the run's shared tick. */
  static void checkTick(TraceFunction function, DeciderSpec spec, Duration tick) {
    if (!spec.tick().equals(tick)) {
      throw new IllegalArgumentException(
          "tick = "
              + Durations.format(spec.tick())
              + " (rule "
              + spec.rule()
              + ", function "
              + function.key()
              + "), must be "
              + Durations.format(tick)
              + ": all functions of a simulation share one decision tick");
    }
  }

  /** The spec the function is decided with now. */
  DeciderSpec spec() {
    return spec;
  }

  /**
   * The tick at which the decider wants to be asked again, when it promised that its answer holds
   * until then ({@link Decider#quietUntilNanos}) and nothing runs, starts or waits here; {@link
   * Decider#NO_PROMISE} otherwise. {@code tickNanos} is the grid.
   */
  long quietUntil(long t, long tickNanos) {
    Decider decider = ticker.decider();
    long until = decider == null ? Decider.NO_PROMISE : decider.quietUntilNanos();
    if (until == Decider.NO_PROMISE
        || resolver != null
        || meter.inFlight() != 0
        || !pool.settled()
        || pool.instances() != 0) {
      return Decider.NO_PROMISE;
    }
    long wake = Math.floorDiv(until + tickNanos - 1, tickNanos) * tickNanos;
    return wake > t + tickNanos ? wake : Decider.NO_PROMISE;
  }

  /**
   * Nothing pending and nothing seen for {@link #horizon}: further ticks would repeat the last
   * decision.
   */
  boolean quiescent(long t) {
    return horizon != Quiescence.NEVER
        && meter.inFlight() == 0
        && pool.settled()
        && t - lastActivity >= horizon;
  }

  @Override
  public void dispatched(long arrivalNanos, long startNanos, boolean cold) {
    waits.recordValue((startNanos - arrivalNanos) / 1000);
    if (cold) {
      coldStarts++;
    }
  }

  @Override
  public void completed(
      long arrivalNanos, long startNanos, long endNanos, boolean cold, int instance) {
    meter.change(endNanos, -1);
    completions++;
    if (endNanos > lastActivity) {
      lastActivity = endNanos;
    }
    telemetry.recordInvocation(
        new Invocation(
            function.key(),
            arrivalNanos,
            endNanos,
            cold,
            function.trigger(),
            false,
            null,
            memoryBytes));
    if (cold) {
      telemetry.recordInitDuration(initSeconds, endNanos);
    }
    hooks.completed(function.index(), arrivalNanos, startNanos, endNanos, cold);
  }

  @Override
  public void instances(long atNanos, int count) {
    if (series != null) {
      series.instances(atNanos, count);
    }
  }
}
