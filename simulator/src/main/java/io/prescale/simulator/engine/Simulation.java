package io.prescale.simulator.engine;

import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.EpochNanos;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.platform.PoolConfig;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The discrete-event loop. Arrivals come from the trace's merged stream in time order; each
 * function's platform events (instance ready, request done, keep-alive expiry) are handled lazily,
 * in order, whenever the function is touched; every {@code spec.tick()} each active function is
 * brought to the tick time and its decider asked (each function with the spec and decider its
 * {@link SpecResolver} gives; all share the one tick). Events at exactly a tick time happen after
 * the tick, so a decision at {@code t} sees only what ended before {@code t}.
 *
 * <p>On the autoscaled platform a request that finds a function at zero instances pokes an extra
 * decision at the end of its second (Knative's activator pokes the autoscaler; here the poke waits
 * for the second's concurrency to be complete, at most 1 s, so the decider sees the request).
 */
public final class Simulation {
  private static final long SECOND = EpochNanos.PER_SECOND;

  private final Trace trace;
  private final String policy;
  private final SpecResolver specs;
  private final SimulationConfig config;
  private final FunctionTelemetry.Factory telemetry;
  private final SimulationHooks hooks;

  /** Every function runs {@code spec} with deciders from {@code provider}. */
  public Simulation(
      Trace trace,
      String policy,
      DeciderSpec spec,
      DeciderProvider provider,
      SimulationConfig config,
      FunctionTelemetry.Factory telemetry,
      SimulationHooks hooks) {
    this(
        trace,
        policy,
        SpecResolver.constant(
            Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(provider, "provider")),
        config,
        telemetry,
        hooks);
  }

  /** Each function runs the spec and decider {@code specs} resolves for it, on one shared tick. */
  public Simulation(
      Trace trace,
      String policy,
      SpecResolver specs,
      SimulationConfig config,
      FunctionTelemetry.Factory telemetry,
      SimulationHooks hooks) {
    this.trace = Objects.requireNonNull(trace, "trace");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.specs = Objects.requireNonNull(specs, "specs");
    this.config = Objects.requireNonNull(config, "config");
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.hooks = Objects.requireNonNull(hooks, "hooks");
  }

  public RunResult run() {
    List<TraceFunction> fns = trace.functions();
    long tick = specs.tick().toNanos();
    long start = Math.floorDiv(trace.startNanos(), tick) * tick;
    long end = trace.endNanos();
    Histogram waits = new Histogram(3);
    boolean[] tracked = busiest(fns, config.seriesFunctions());
    int minutes = (int) ((end - start + config.drainLimit().toNanos()) / 60_000_000_000L) + 2;
    FunctionRun[] runs = new FunctionRun[fns.size()];
    int[] active = new int[fns.size()];
    Instant at = EpochNanos.toInstant(start);
    for (TraceFunction f : fns) {
      MinuteSeries series =
          tracked[f.index()] ? new MinuteSeries(f.key().value(), start, minutes) : null;
      boolean varies = specs.varies(f);
      SpecResolver.Resolved r = specs.resolve(f, at);
      FunctionRun.checkTick(f, r.spec(), specs.tick());
      // each function's own mode decides whether it may skip ticks and drop its telemetry
      boolean blind = config.skipQuiescent() && !varies && Quiescence.trafficBlind(r.spec());
      FunctionTelemetry.Factory factory = blind ? BlindTelemetry.FACTORY : telemetry;
      long horizon =
          config.skipQuiescent() && !varies ? Quiescence.horizonNanos(r.spec()) : Quiescence.NEVER;
      runs[f.index()] =
          new FunctionRun(
              f,
              r,
              varies ? specs : null,
              horizon,
              factory.create(f.key()),
              config,
              new PoolConfig(config.concurrency(), coldStartNanos(f)),
              waits,
              hooks,
              series,
              start);
      hooks.resolved(f.index(), start, r.spec());
      runs[f.index()].active = true;
      active[f.index()] = f.index();
    }
    int activeCount = fns.size();
    boolean autoscaled = config.platform() == PlatformKind.AUTOSCALED;
    TimedHeap pokes = new TimedHeap();
    boolean skipQuiet = config.skipQuiescent();
    // functions whose decider promised quiet, by the tick at which they are due again
    TimedHeap wakes = new TimedHeap();
    long t = start;
    try (InvocationStream stream = trace.open(config.seed(), config.placement())) {
      boolean has = stream.next();
      while (true) {
        while (true) {
          long a = has ? stream.arrivalNanos() : Long.MAX_VALUE;
          long p = pokes.isEmpty() ? Long.MAX_VALUE : pokes.peekTime();
          if (p <= a && p < t) {
            FunctionRun f = runs[pokes.peekIndex()];
            pokes.remove();
            activeCount = activate(f, active, activeCount);
            f.tick(p);
            continue;
          }
          if (a >= t) {
            break;
          }
          FunctionRun f = runs[stream.function()];
          if (!f.active) {
            // catch up the grid tick just before the arrival that a skipped function missed, so
            // its decider was last called one tick ago, exactly as without skipping
            long previous = Math.floorDiv(a, tick) * tick;
            if (previous > f.lastTick) {
              f.tick(previous);
            }
          }
          activeCount = activate(f, active, activeCount);
          f.arrive(a, stream.durationNanos());
          if (autoscaled && f.pool.instances() == 0) {
            long poke = (Math.floorDiv(a, SECOND) + 1) * SECOND;
            if (poke % tick != 0 && f.pokeAt != poke) {
              f.pokeAt = poke;
              pokes.add(poke, f.function.index());
            }
          }
          has = stream.next();
        }
        while (!wakes.isEmpty() && wakes.peekTime() <= t) {
          long wake = wakes.peekTime();
          FunctionRun f = runs[wakes.peekIndex()];
          wakes.remove();
          if (!f.active && f.wakeAt == wake) {
            activeCount = activate(f, active, activeCount);
          }
        }
        int w = 0;
        for (int i = 0; i < activeCount; i++) {
          FunctionRun f = runs[active[i]];
          f.tick(t);
          long wake = skipQuiet ? f.quietUntil(t, tick) : Decider.NO_PROMISE;
          if (wake != Decider.NO_PROMISE) {
            f.active = false;
            f.wakeAt = wake;
            wakes.add(wake, f.function.index());
          } else if (f.quiescent(t)) {
            f.active = false;
          } else {
            active[w++] = active[i];
          }
        }
        activeCount = w;
        hooks.progress(t);
        if (!has
            && pokes.isEmpty()
            && t >= end
            && (allSettled(runs, active, activeCount)
                || t >= end + config.drainLimit().toNanos())) {
          break;
        }
        t += tick;
      }
    }
    for (FunctionRun f : runs) {
      f.pool.finish(t);
      if (f.series != null) {
        f.series.instances(t, 0);
      }
    }
    return result(runs, waits, t - start);
  }

  private static int activate(FunctionRun f, int[] active, int count) {
    if (!f.active) {
      f.active = true;
      active[count++] = f.function.index();
    }
    return count;
  }

  private static boolean allSettled(FunctionRun[] runs, int[] active, int count) {
    for (int i = 0; i < count; i++) {
      if (!runs[active[i]].pool.settled()) {
        return false;
      }
    }
    return true;
  }

  private long coldStartNanos(TraceFunction f) {
    return ColdStartDelay.nanos(config, f);
  }

  private static boolean[] busiest(List<TraceFunction> fns, int k) {
    boolean[] out = new boolean[fns.size()];
    fns.stream()
        .sorted(
            Comparator.comparingLong(TraceFunction::plannedInvocations)
                .reversed()
                .thenComparingInt(TraceFunction::index))
        .limit(k)
        .forEach(f -> out[f.index()] = true);
    return out;
  }

  private RunResult result(FunctionRun[] runs, Histogram waits, long simulatedNanos) {
    RunTotals totals = new RunTotals();
    List<MinuteSeries> series = new ArrayList<>();
    for (FunctionRun f : runs) {
      double s = f.pool.instanceNanos() / 1e9;
      totals.add(
          f.invocations,
          f.coldStarts,
          f.scalingActions,
          f.decisions,
          f.invocations - f.completions,
          s,
          f.pool.idleNanos() / 1e9,
          f.pool.busyNanos() / 1e9,
          f.function.memoryMb());
      hooks.finished(
          new FunctionOutcome(
              f.function.index(),
              f.spec().mode(),
              f.invocations,
              f.coldStarts,
              s,
              f.pool.idleNanos() / 1e9,
              s * f.function.memoryMb() / 1024.0,
              f.scalingActions,
              f.decisions));
      if (f.series != null) {
        series.add(f.series);
      }
    }
    return totals.result(policy, config.platform().wireName(), waits, simulatedNanos / 1e9, series);
  }
}
