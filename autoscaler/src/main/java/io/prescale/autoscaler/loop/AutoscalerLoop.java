package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides every tracked function once per tick. Per function it keeps one {@link Decider} (made by
 * the {@link DeciderProvider} named by {@code spec.mode()}, remade when the mode changes; the spec
 * is passed at every call, so a reload of other settings keeps the decider's state) in a {@link
 * FunctionTicker}, which the simulator uses too; calls it when the function's own {@code
 * spec.tick()} has elapsed (within 10 %) and the ticker clamps the decision to the spec's [min,
 * max] once; keeps it as the function's latest and hands it to the {@link DecisionSink}. A function
 * whose spec, decider or sink throws, or whose mode is unknown, is counted and logged (once when it
 * starts failing) and the other functions are decided as usual.
 *
 * <p>Idle functions cost a lookup per tick: a decision made with no instance ready whose decider
 * promises the same answer until a later time ({@link Decider#quietUntilNanos}) stands, and the
 * function is skipped, until that time or until its {@link ObservationSource#activity} or spec
 * changes (a request recorded, an instance seen), whichever comes first; it is then decided at the
 * next tick. The simulator skips the same way, on its own clock.
 *
 * <p>{@link #tick} is called from one thread at a time (it is synchronized); {@link
 * #latestDecisions()} may be read from any thread.
 */
public final class AutoscalerLoop {
  private static final Logger LOG = Logger.getLogger(AutoscalerLoop.class.getName());

  private final ObservationSource observations;
  private final SpecSource specs;
  private final DecisionSink sink;
  private final Map<String, DeciderProvider> providers;
  private final TimeSource time;

  /** Written by the tick only; read from any thread for the latest decisions. */
  private final ConcurrentHashMap<FunctionKey, Entry> entries = new ConcurrentHashMap<>();

  private final AtomicLong failures = new AtomicLong();
  private long generation;

  private static final class Entry {
    FunctionTicker ticker;
    Instant lastDecidedAt;
    long seen;
    boolean failing;
    // the decider's quiet promise, and what it was made on (skipped while all stay the same)
    long quietUntil = Decider.NO_PROMISE;
    long activity = ObservationSource.UNKNOWN_ACTIVITY;
    DeciderSpec spec;

    /** The function's latest decision (clamped), null before any; read from any thread. */
    volatile ScaleDecision latest;
  }

  private AutoscalerLoop(Builder b) {
    this.observations = Objects.requireNonNull(b.observations, "observations");
    this.specs = Objects.requireNonNull(b.specs, "specs");
    this.sink = b.sink == null ? DecisionSink.noop() : b.sink;
    this.providers =
        Map.copyOf(b.providers == null ? Providers.all(DeciderProvider.class) : b.providers);
    this.time = b.time;
  }

  /** A loop over {@code observations} with every {@link DeciderProvider} on the class path. */
  public static AutoscalerLoop create(
      ObservationSource observations, SpecSource specs, DecisionSink sink) {
    return builder().observations(observations).specs(specs).sink(sink).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Decides every tracked function whose tick is due at {@code now}. Never throws for one function.
   * {@code now} is the scheduler's instant; deciders get it once converted to epoch nanoseconds.
   */
  public synchronized TickReport tick(Instant now) {
    Objects.requireNonNull(now, "now");
    long nowNanos = EpochNanos.of(now);
    long tickStart = time == null ? 0 : time.nanoTime();
    long gen = ++generation;
    int decided = 0;
    int notDue = 0;
    int failed = 0;
    int quiet = 0;
    long totalNanos = 0;
    long maxNanos = 0;
    for (FunctionKey function : observations.functions()) {
      Entry entry = entries.get(function);
      if (entry == null) {
        entry = new Entry();
        entries.put(function, entry);
      }
      entry.seen = gen;
      try {
        long activity = observations.activity(function);
        if (stillQuiet(entry, activity, nowNanos)
            && Objects.equals(specs.specFor(function), entry.spec)) {
          quiet++;
          continue;
        }
        Observation obs = observations.observe(function, now);
        if (obs == null) {
          entry.seen = gen - 1; // forgotten below
          continue;
        }
        DeciderSpec spec = Objects.requireNonNull(specs.specFor(function), "spec");
        if (!due(entry, spec, now)) {
          notDue++;
          continue;
        }
        if (entry.ticker == null) {
          entry.ticker = new FunctionTicker(function, this::provider);
        }
        long start = time == null ? 0 : time.nanoTime();
        ScaleDecision clamped = entry.ticker.decide(spec, obs, nowNanos);
        if (time != null) {
          long took = time.nanoTime() - start;
          totalNanos += took;
          maxNanos = Math.max(maxNanos, took);
        }
        entry.lastDecidedAt = now;
        entry.latest = clamped;
        entry.spec = spec;
        entry.activity = activity;
        entry.quietUntil =
            activity == ObservationSource.UNKNOWN_ACTIVITY || obs.readyInstances() != 0
                ? Decider.NO_PROMISE
                : entry.ticker.decider().quietUntilNanos();
        sink.accept(clamped, spec);
        decided++;
        if (entry.failing) {
          entry.failing = false;
          LOG.log(Level.INFO, "function {0}: deciding again", function);
        }
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError) {
          throw (VirtualMachineError) e;
        }
        entry.quietUntil = Decider.NO_PROMISE;
        failed++;
        failures.incrementAndGet();
        if (!entry.failing) {
          entry.failing = true;
          LOG.log(
              Level.WARNING,
              "function "
                  + function
                  + ": no decision at "
                  + now
                  + " (mode "
                  + (entry.ticker == null ? null : entry.ticker.mode())
                  + "): "
                  + e,
              e);
        }
      }
    }
    int removed = 0;
    for (Iterator<Map.Entry<FunctionKey, Entry>> it = entries.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<FunctionKey, Entry> e = it.next();
      if (e.getValue().seen != gen) {
        it.remove();
        removed++;
      }
    }
    long tickNanos = time == null ? 0 : time.nanoTime() - tickStart;
    return new TickReport(
        now, decided, notDue, failed, removed, totalNanos, maxNanos, tickNanos, quiet);
  }

  /**
   * True while the function's last decision holds by its decider's promise: made with nothing
   * ready, before the promised time, and nothing recorded since ({@code activity} unchanged).
   */
  private static boolean stillQuiet(Entry entry, long activity, long nowNanos) {
    return entry.quietUntil != Decider.NO_PROMISE
        && nowNanos < entry.quietUntil
        && activity != ObservationSource.UNKNOWN_ACTIVITY
        && activity == entry.activity;
  }

  private static boolean due(Entry entry, DeciderSpec spec, Instant now) {
    if (entry.lastDecidedAt == null) {
      return true;
    }
    Duration tick = spec.tick();
    Instant dueAt;
    if (tick.getSeconds() < Integer.MAX_VALUE) { // no BigDecimal division at every tick
      long nanos = tick.toNanos();
      dueAt = entry.lastDecidedAt.plusNanos(nanos - nanos / 10);
    } else {
      dueAt = entry.lastDecidedAt.plus(tick).minus(tick.dividedBy(10));
    }
    return !now.isBefore(dueAt);
  }

  private DeciderProvider provider(DeciderSpec spec) {
    DeciderProvider provider = providers.get(spec.mode());
    if (provider == null) {
      throw new IllegalArgumentException(
          "mode '"
              + spec.mode()
              + "' (rule "
              + spec.rule()
              + ") is not known; known: "
              + String.join(", ", new TreeMap<>(providers).keySet()));
    }
    return provider;
  }

  /** The latest decision per function, sorted by function; a snapshot, safe from any thread. */
  public Map<FunctionKey, ScaleDecision> latestDecisions() {
    TreeMap<FunctionKey, ScaleDecision> out = new TreeMap<>();
    forEachLatest(d -> out.put(d.function(), d));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Hands every function's latest decision to {@code action}, in no order, without a snapshot
   * (scrapes and paged API reads over 100,000 functions); safe from any thread.
   */
  public void forEachLatest(Consumer<ScaleDecision> action) {
    Objects.requireNonNull(action, "action");
    for (Entry e : entries.values()) {
      ScaleDecision d = e.latest;
      if (d != null) {
        action.accept(d);
      }
    }
  }

  /** The latest decision of {@code function}, if it has one. */
  public Optional<ScaleDecision> latestDecision(FunctionKey function) {
    Entry e = entries.get(function);
    return Optional.ofNullable(e == null ? null : e.latest);
  }

  /** Failed function decisions since the loop was made. */
  public long failures() {
    return failures.get();
  }

  /** Functions the loop holds state for. */
  public int trackedFunctions() {
    return entries.size();
  }

  /** Builds an {@link AutoscalerLoop}; observations and specs are required. */
  public static final class Builder {
    private ObservationSource observations;
    private SpecSource specs;
    private DecisionSink sink;
    private Map<String, DeciderProvider> providers;
    private TimeSource time;

    private Builder() {}

    public Builder observations(ObservationSource v) {
      observations = v;
      return this;
    }

    public Builder specs(SpecSource v) {
      specs = v;
      return this;
    }

    public Builder sink(DecisionSink v) {
      sink = v;
      return this;
    }

    /** Deciders by mode name; default: every {@link DeciderProvider} found by ServiceLoader. */
    public Builder providers(Map<String, DeciderProvider> v) {
      providers = v;
      return this;
    }

    /**
     * Optional: measures decide() durations and the tick into {@link TickReport} with its monotonic
     * clock.
     */
    public Builder timeSource(TimeSource v) {
      time = v;
      return this;
    }

    public AutoscalerLoop build() {
      return new AutoscalerLoop(this);
    }
  }
}
