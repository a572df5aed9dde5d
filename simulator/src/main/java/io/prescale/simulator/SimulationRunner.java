package io.prescale.simulator;

import io.prescale.collector.window.WindowConfig;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.simulator.engine.FunctionOutcome;
import io.prescale.simulator.engine.FunctionTelemetry;
import io.prescale.simulator.engine.Quiescence;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.Simulation;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SimulationHooks;
import io.prescale.simulator.engine.SpecResolver;
import io.prescale.simulator.oracle.ColdStartPrice;
import io.prescale.simulator.oracle.OracleKind;
import io.prescale.simulator.oracle.OracleSchedule;
import io.prescale.simulator.oracle.OracleSimulation;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.ArrivalTape;
import io.prescale.simulator.trace.TapedTrace;
import io.prescale.simulator.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs many (policy, platform, knob) simulations of one trace, in parallel on {@code threads}
 * threads; each run is single-threaded and independent, so results do not depend on the thread
 * count. Results come back in job order.
 */
public final class SimulationRunner {

  /**
   * One run to make.
   *
   * @param curve sweep curve name (null for the main results)
   * @param knob swept knob name, or null
   * @param knobValue swept knob value, or null
   * @param resolver per-function specs (a policy file), or null: every function runs {@code spec}
   * @param coldStartPrice the cold-start price for an oracle, or null: the platform's default for
   *     {@code spec}
   */
  public record Job(
      PolicyCatalog.Policy policy,
      PlatformKind platform,
      DeciderSpec spec,
      String curve,
      String knob,
      Double knobValue,
      SpecResolver resolver,
      Duration coldStartPrice) {

    /** A job at the default cold-start price. */
    public Job(
        PolicyCatalog.Policy policy,
        PlatformKind platform,
        DeciderSpec spec,
        String curve,
        String knob,
        Double knobValue,
        SpecResolver resolver) {
      this(policy, platform, spec, curve, knob, knobValue, resolver, null);
    }

    /** A job whose functions all run {@code spec}. */
    public Job(
        PolicyCatalog.Policy policy,
        PlatformKind platform,
        DeciderSpec spec,
        String curve,
        String knob,
        Double knobValue) {
      this(policy, platform, spec, curve, knob, knobValue, null, null);
    }

    /** The specs the job's functions run. */
    public SpecResolver specs() {
      return resolver != null ? resolver : SpecResolver.constant(spec, policy.provider());
    }
  }

  /** A finished run and how long it took on the wall clock (for benchmarks, never in reports). */
  public record Outcome(Job job, RunResult result, double wallSeconds) {}

  private SimulationRunner() {}

  /**
   * The collector's windows as the simulator uses them: the defaults but with a day of one-second
   * buckets. Workaround: once a full window slides, {@code BucketSeries} re-copies its whole array
   * for every new bucket (reported to the collector's owner); a window longer than the trace never
   * slides. Deciders read at most minutes of seconds, so answers are the same.
   */
  public static FunctionTelemetry.Factory defaultTelemetry() {
    return FunctionTelemetry.collectorWindows(
        WindowConfig.defaults().withRetainedSeconds(WindowConfig.MAX_RETAINED_SECONDS));
  }

  /**
   * Runs every job.
   *
   * @param progress receives virtual nanoseconds done across all jobs; may be null
   * @param runsDone counts finished runs; may be null
   */
  public static List<Outcome> runAll(
      Trace trace,
      List<Job> jobs,
      SimulationConfig base,
      FunctionTelemetry.Factory telemetry,
      int threads,
      AtomicLong progress,
      AtomicLong runsDone)
      throws InterruptedException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "simulate");
              t.setDaemon(true);
              return t;
            });
    try {
      // the longest runs first (fewest threads idle at the end); results still in job order
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        order.add(i);
      }
      order.sort(Comparator.comparingInt((Integer i) -> -expectedCost(jobs.get(i))));
      List<Future<Outcome>> submitted = new ArrayList<>(Collections.nCopies(jobs.size(), null));
      // a sweep point equal to a main run (the policy's default knob) is run once: runs are
      // deterministic, so its result is the same
      Map<List<Object>, Integer> firstOf = new HashMap<>();
      int[] sameAs = new int[jobs.size()];
      Arrays.fill(sameAs, -1);
      for (int i = 0; i < jobs.size(); i++) {
        List<Object> key = sameRunKey(jobs.get(i));
        if (key != null) {
          Integer first = firstOf.putIfAbsent(key, i);
          if (first != null) {
            sameAs[i] = first;
          }
        }
      }
      Trace source = shared(trace, base, (int) Arrays.stream(sameAs).filter(s -> s < 0).count());
      for (int i : order) {
        Job job = jobs.get(i);
        if (sameAs[i] >= 0) {
          continue;
        }
        submitted.set(
            i,
            pool.submit(
                () -> {
                  Outcome o = runOne(source, job, base, telemetry, progress);
                  if (runsDone != null) {
                    runsDone.incrementAndGet();
                  }
                  return o;
                }));
      }
      List<Outcome> out = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        Future<Outcome> f = submitted.get(sameAs[i] >= 0 ? sameAs[i] : i);
        try {
          Outcome o = f.get();
          if (sameAs[i] >= 0) {
            o = new Outcome(jobs.get(i), o.result(), 0);
            if (runsDone != null) {
              runsDone.incrementAndGet();
            }
          }
          out.add(o);
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IllegalStateException(c);
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The trace every run reads: with two runs or more (all on the one seed and placement), its
   * stream recorded once on an {@link ArrivalTape} when that fits in a quarter of the heap ({@link
   * #tapeBudgetBytes}), so runs replay it instead of each generating it again.
   */
  static Trace shared(Trace trace, SimulationConfig base, int runs) {
    if (runs < 2) {
      return trace;
    }
    ArrivalTape tape = ArrivalTape.record(trace, base.seed(), base.placement(), tapeBudgetBytes());
    return tape == null ? trace : new TapedTrace(trace, tape);
  }

  /** A quarter of the maximum heap: the most an arrival tape may hold. */
  static long tapeBudgetBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  /**
   * What makes two jobs the same run, or null when that cannot be told (a policy file's
   * per-function specs): the policy, platform, spec and cold-start price.
   */
  private static List<Object> sameRunKey(Job job) {
    if (job.resolver() != null) {
      return null;
    }
    return Arrays.asList(job.policy().name(), job.platform(), job.spec(), job.coldStartPrice());
  }

  /**
   * A rank of how long a job runs, for scheduling only: the predictive decider and policy files
   * (which may send functions to it) model every function; baselines only count; an oracle is one
   * pass over the stream.
   */
  static int expectedCost(Job job) {
    if (job.policy().oracle() != null) {
      return 0;
    }
    if (job.resolver() != null || "predictive".equals(job.spec().mode())) {
      return 3;
    }
    // a mode that reads no traffic keeps no telemetry (see Quiescence): the shortest runs
    return Quiescence.trafficBlind(job.spec()) ? 1 : 2;
  }

  /** Runs one job on the calling thread. */
  public static Outcome runOne(
      Trace trace,
      Job job,
      SimulationConfig base,
      FunctionTelemetry.Factory telemetry,
      AtomicLong progress) {
    return runOne(trace, job, base, telemetry, progress, SimulationHooks.NONE);
  }

  /**
   * Runs one job on the calling thread, telling {@code observer} about it as well (not for oracles:
   * they have no per-request run); an exception out of {@code observer} ends the run with it.
   */
  public static Outcome runOne(
      Trace trace,
      Job job,
      SimulationConfig base,
      FunctionTelemetry.Factory telemetry,
      AtomicLong progress,
      SimulationHooks observer) {
    long t0 = System.nanoTime();
    OracleKind oracle = job.policy().oracle();
    if (oracle != null) {
      RunResult r =
          OracleSimulation.run(
              trace,
              oracle,
              base.withPlatform(job.platform()),
              ColdStartPrice.seconds(job.spec(), job.platform(), job.coldStartPrice()),
              OracleSchedule.NONE);
      if (progress != null) {
        progress.addAndGet(trace.endNanos() - trace.startNanos());
      }
      return new Outcome(job, r, (System.nanoTime() - t0) / 1e9);
    }
    SimulationHooks hooks =
        progress == null && observer == SimulationHooks.NONE
            ? SimulationHooks.NONE
            : new SimulationHooks() {
              private long last = Long.MIN_VALUE;

              @Override
              public void completed(
                  int fn, long arrivalNanos, long startNanos, long endNanos, boolean cold) {
                observer.completed(fn, arrivalNanos, startNanos, endNanos, cold);
              }

              @Override
              public void decided(int fn, long tNanos, ScaleDecision decision) {
                observer.decided(fn, tNanos, decision);
              }

              @Override
              public void resolved(int fn, long tNanos, DeciderSpec spec) {
                observer.resolved(fn, tNanos, spec);
              }

              @Override
              public void finished(FunctionOutcome outcome) {
                observer.finished(outcome);
              }

              @Override
              public void progress(long tNanos) {
                observer.progress(tNanos);
                if (progress != null && last != Long.MIN_VALUE) {
                  progress.addAndGet(
                      Math.min(tNanos, trace.endNanos()) - Math.min(last, trace.endNanos()));
                }
                last = tNanos;
              }
            };
    Simulation sim =
        new Simulation(
            trace,
            job.policy().name(),
            job.specs(),
            base.withPlatform(job.platform()),
            telemetry,
            hooks);
    RunResult r = sim.run();
    return new Outcome(job, r, (System.nanoTime() - t0) / 1e9);
  }
}
