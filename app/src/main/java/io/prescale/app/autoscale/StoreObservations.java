package io.prescale.app.autoscale;

import io.prescale.adapter.engine.ActualCounts;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetStatus;
import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.autoscaler.loop.ObservationSource;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The loop's {@link ObservationSource} over the collector's {@link FunctionStore}: every tracked
 * function, viewed at the tick time ({@code windows.view(ready, nanosOf(now))}, so a decision never
 * reads data past {@code now}).
 *
 * <p>The ready count handed to the decider comes, in this order, from: the adapter's last read of
 * the function's target ({@link TargetStatus#ready()}, e.g. a Deployment's ready replicas); else
 * the target's configured count as last read or applied ({@link TargetStatus#configured()}: the
 * dry-run adapter and adapters that cannot read readiness); else the function's last valid desired
 * count (no engine, or the adapter has not answered yet); else 0. When several targets name the
 * same function (its binding changed) the largest count is used ({@link ScalingEngine#actual}, one
 * lookup per function).
 *
 * <p>{@link #wrap} notes each decision's rule and adapter for the API. Called from the loop's
 * thread; {@link #note} may be read from any thread.
 */
final class StoreObservations implements ObservationSource {
  /** Where a function's ready count came from, and the spec its latest decision was made under. */
  record Note(int readyInstances, String readySource, String rule, String adapter) {}

  static final String FROM_READY = "adapter-ready";
  static final String FROM_CONFIGURED = "adapter-configured";
  static final String FROM_DESIRED = "last-desired";
  static final String FROM_NONE = "none";

  private final FunctionStore store;
  private final ScalingEngine engine;
  private final Map<FunctionKey, Integer> lastDesired = new HashMap<>();
  private final ConcurrentHashMap<FunctionKey, Note> notes = new ConcurrentHashMap<>();

  /**
   * @param engine the adapters' engine, or null when there is none (ready = last desired)
   */
  StoreObservations(FunctionStore store, ScalingEngine engine) {
    this.store = Objects.requireNonNull(store, "store");
    this.engine = engine;
  }

  @Override
  public Iterable<FunctionKey> functions() {
    List<FunctionKey> keys = store.keys();
    if (lastDesired.size() > keys.size() || notes.size() > keys.size()) {
      Set<FunctionKey> live = new HashSet<>(keys);
      lastDesired.keySet().retainAll(live);
      notes.keySet().retainAll(live);
    }
    return keys;
  }

  @Override
  public Observation observe(FunctionKey function, Instant now) {
    FunctionWindows w = store.get(function);
    if (w == null) {
      return null;
    }
    Ready r = ready(function);
    int ready = r.count();
    String source = r.source();
    Note old = notes.get(function);
    if (old == null || old.readyInstances() != ready || !old.readySource().equals(source)) {
      notes.put(
          function,
          new Note(
              ready, source, old == null ? null : old.rule(), old == null ? null : old.adapter()));
    }
    return w.view(ready, epochNanos(now));
  }

  /**
   * The windows' write count and the ready count, packed ({@code writes << 16 | ready}): either
   * changing wakes a function the loop skips as quiet. Unknown for an untracked function, a ready
   * count beyond 16 bits or a write count beyond 47.
   */
  @Override
  public long activity(FunctionKey function) {
    FunctionWindows w = store.get(function);
    if (w == null) {
      return UNKNOWN_ACTIVITY;
    }
    int ready = ready(function).count();
    long writes = w.writes();
    if (ready < 0 || ready > 0xFFFF || writes >= 1L << 47) {
      return UNKNOWN_ACTIVITY;
    }
    return writes << 16 | ready;
  }

  private record Ready(int count, String source) {}

  /** The ready count handed to the decider and where it came from (see the class comment). */
  private Ready ready(FunctionKey function) {
    ActualCounts a = engine == null ? null : engine.actual(function);
    if (a != null && a.ready() >= 0) {
      return new Ready(a.ready(), FROM_READY);
    }
    if (a != null && a.configured() >= 0) {
      return new Ready(a.configured(), FROM_CONFIGURED);
    }
    Integer desired = lastDesired.get(function);
    if (desired != null) {
      return new Ready(desired, FROM_DESIRED);
    }
    return new Ready(0, FROM_NONE);
  }

  /**
   * A sink that notes each decision (last valid desired count, rule, adapter), then calls {@code
   * next}.
   */
  DecisionSink wrap(DecisionSink next) {
    Objects.requireNonNull(next, "next");
    return (decision, spec) -> {
      noteDecision(decision, spec);
      next.accept(decision, spec);
    };
  }

  private void noteDecision(ScaleDecision d, DeciderSpec spec) {
    if (d.valid()) {
      lastDesired.put(d.function(), d.desiredInstances());
    }
    Note old = notes.get(d.function());
    String adapter = spec.adapter() == null ? null : spec.adapter().name();
    if (old == null
        || !Objects.equals(old.rule(), spec.rule())
        || !Objects.equals(old.adapter(), adapter)) {
      notes.put(
          d.function(),
          new Note(
              old == null ? 0 : old.readyInstances(),
              old == null ? FROM_NONE : old.readySource(),
              spec.rule(),
              adapter));
    }
  }

  /** What the API shows beside the function's latest decision. */
  Optional<Note> note(FunctionKey function) {
    return Optional.ofNullable(notes.get(function));
  }

  static long epochNanos(Instant now) {
    return EpochNanos.of(now);
  }
}
