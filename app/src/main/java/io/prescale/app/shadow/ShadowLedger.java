package io.prescale.app.shadow;

import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What shadow mode keeps per function, tick by tick, as the autoscaler loop hands it each shadow
 * decision:
 *
 * <p>Each interval between two ticks is counted with what held at its start (the instances observed
 * and the decision made at the previous tick).
 *
 * <ul>
 *   <li>observed instance-seconds: the platform's own count of the function's instances when it
 *       reports one (Knative's {@code kn.revision.pods.count}, at most 2 min old), x the time to
 *       the next tick; else the instances the collector saw serve the function (distinct {@code
 *       faas.instance} that reported a request within the instance window before the tick, {@code
 *       --shadow-instance-window}: the platform's idle retention, 90 s by default as on Knative) x
 *       the time since the previous tick. An estimate from telemetry: an instance that stays idle
 *       longer than the window is missed, one stopped sooner is counted to its end;
 *   <li>observed cold starts: the platform's own reports ({@code faas.coldstart} spans, {@code
 *       faas.coldstarts} metrics), the growth of the function's cold-start total;
 *   <li>would-have instance-seconds: the previous valid decision's desired count x the time since
 *       the previous tick;
 *   <li>would-have cold starts, an estimate: per second settled {@link #SETTLE_SECONDS} ago, the
 *       arrivals beyond what the decided instances had room for ({@code min(arrivals, max(0,
 *       ceil(concurrency / perInstanceConcurrency) - desired))}, desired as decided for that
 *       second). {@code prescale report} replays the recorded arrivals through the simulator for
 *       the exact figure.
 * </ul>
 *
 * A gap between ticks longer than {@link #MAX_GAP_SECONDS} (a restart) counts as that much. At most
 * {@link #MAX_FUNCTIONS} functions are kept (more are counted as refused), each with the last
 * {@link #MAX_MINUTES} minutes that had data. Thread-safe.
 */
final class ShadowLedger {
  static final int MAX_FUNCTIONS = 10_000;
  static final int MAX_MINUTES = 7 * 24 * 60;
  static final int MAX_GAP_SECONDS = 60;
  static final int SETTLE_SECONDS = 10;

  /** A platform count older than this is not used (Knative reports every few seconds). */
  static final long PLATFORM_MAX_AGE_NANOS = 120 * EpochNanos.PER_SECOND;

  /** A function's running totals. */
  record Totals(
      FunctionKey function,
      double observedInstanceSeconds,
      double wouldInstanceSeconds,
      long observedColdStarts,
      long wouldColdStarts) {}

  /** Default of {@code --shadow-instance-window}: Knative's stable window + scale-to-zero grace. */
  static final Duration DEFAULT_INSTANCE_WINDOW = Duration.ofSeconds(90);

  private final FunctionStore store;
  private final long instanceWindowNanos;
  private final Map<FunctionKey, ShadowAccount> accounts = new LinkedHashMap<>();
  private long refused;

  /**
   * @param instanceWindow an instance counts as running while it served within this before the
   *     tick: the platform's idle retention (90s on Knative with the defaults, 10m on Lambda)
   */
  ShadowLedger(FunctionStore store, Duration instanceWindow) {
    this.store = Objects.requireNonNull(store, "store");
    this.instanceWindowNanos = instanceWindow.toNanos();
  }

  /** Accounts one shadow decision; called on the loop's thread. */
  void record(ScaleDecision d, DeciderSpec spec) {
    FunctionWindows w = store.get(d.function());
    if (w == null) {
      return;
    }
    long now = d.atNanos();
    long nowSecond = EpochNanos.second(now);
    long settled = nowSecond - SETTLE_SECONDS; // seconds before it are complete and settled
    long coldTotal = w.coldStartsTotal();
    long reported = w.platformInstances(now, PLATFORM_MAX_AGE_NANOS);
    long seen = reported >= 0 ? reported : w.liveInstances(now, instanceWindowNanos);
    synchronized (this) {
      ShadowAccount a = accounts.get(d.function());
      if (a == null) {
        if (accounts.size() >= MAX_FUNCTIONS) {
          refused++;
          return;
        }
        a = new ShadowAccount();
        accounts.put(d.function(), a);
      }
      if (a.lastNanos == Long.MIN_VALUE) { // new, or restored from the file: start counting now
        a.lastNanos = now;
        a.lastSecond = settled - 1;
        a.lastColdTotal = coldTotal;
        a.desire(d.valid() ? d.desiredInstances() : 0, nowSecond);
        a.seen = seen;
        return;
      }
      double dt =
          Math.max(0, Math.min(now - a.lastNanos, MAX_GAP_SECONDS * EpochNanos.PER_SECOND)) / 1e9;
      long wouldCold = 0;
      long from = Math.max(a.lastSecond + 1, settled - MAX_GAP_SECONDS);
      if (settled > from) {
        BucketColumns c = w.seconds(from, (int) (settled - from));
        double per = spec.perInstanceConcurrency();
        for (int i = 0; i < c.size(); i++) {
          long needed = (long) Math.ceil(c.concurrency()[i] / per - 1e-9);
          wouldCold += Math.min(c.arrivals()[i], Math.max(0, needed - a.desiredAt(from + i)));
        }
        a.lastSecond = settled - 1;
        a.forgetDesiredBefore(settled);
      }
      a.add(
          new ShadowAccount.Minute(
              Math.floorDiv(nowSecond, 60),
              a.seen * dt,
              a.desired * dt,
              Math.max(0, coldTotal - a.lastColdTotal),
              wouldCold));
      a.lastNanos = Math.max(a.lastNanos, now);
      a.lastColdTotal = coldTotal;
      a.seen = seen;
      if (d.valid()) {
        a.desire(d.desiredInstances(), nowSecond);
      }
    }
  }

  /** Every function's totals, in first-seen order. */
  synchronized List<Totals> totals() {
    List<Totals> out = new ArrayList<>(accounts.size());
    accounts.forEach(
        (f, a) ->
            out.add(
                new Totals(
                    f,
                    a.observedInstanceSeconds,
                    a.wouldInstanceSeconds,
                    a.observedColdStarts,
                    a.wouldColdStarts)));
    return out;
  }

  /** The functions in shadow mode, in first-seen order. */
  synchronized List<FunctionKey> functions() {
    return new ArrayList<>(accounts.keySet());
  }

  /** {@code function}'s minutes in [fromMinute; toMinute); empty when it is not in shadow mode. */
  synchronized List<ShadowAccount.Minute> minutes(
      FunctionKey function, long fromMinute, long toMinute) {
    ShadowAccount a = accounts.get(function);
    return a == null ? List.of() : a.minutes(fromMinute, toMinute);
  }

  /** Functions not kept because {@link #MAX_FUNCTIONS} were. */
  synchronized long refused() {
    return refused;
  }

  synchronized int size() {
    return accounts.size();
  }

  /** A copy of every account, for the file. */
  synchronized Map<FunctionKey, List<ShadowAccount.Minute>> copyMinutes() {
    Map<FunctionKey, List<ShadowAccount.Minute>> out = new LinkedHashMap<>();
    accounts.forEach((f, a) -> out.put(f, a.allMinutes()));
    return out;
  }

  /** Restores a function's minutes (from the file); its totals are their sums. */
  synchronized void restore(FunctionKey function, List<ShadowAccount.Minute> minutes) {
    if (accounts.containsKey(function) || accounts.size() >= MAX_FUNCTIONS) {
      return;
    }
    ShadowAccount a = new ShadowAccount();
    minutes.forEach(a::add);
    accounts.put(function, a);
  }
}
