package io.prescale.app.demo;

import io.prescale.app.demo.FunctionPlatform.Instance;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays an on-demand serverless platform in real time, on its own thread, with the semantics the
 * simulator implements:
 *
 * <ul>
 *   <li>a request takes the most recently used idle instance; with none idle it claims an instance
 *       a decision is already starting, else starts a new one: either way it waits for the cold
 *       start and its span says {@code faas.coldstart=true};
 *   <li>once a second each function's latest decision (from the {@link DecisionFeed}) is applied:
 *       instances are started up to {@code desiredInstances} (each ready after the function's
 *       cold-start delay), and idle instances above it are released once idle for the decision's
 *       keep-alive (none: 10 minutes with no decision at all, 0 with a decision without one);
 *   <li>every completed request is reported to the {@link SpanSink} with its instance.
 * </ul>
 */
final class PlatformEmulator {
  private static final Logger LOG = Logger.getLogger(PlatformEmulator.class.getName());
  private static final long SECOND = EpochNanos.PER_SECOND;
  private static final Duration NO_DECISION_KEEP_ALIVE = Duration.ofMinutes(10);

  private record Event(
      long at,
      long seq,
      int kind,
      FunctionPlatform fp,
      Instance instance,
      long arrival,
      long duration,
      boolean cold) {
    static final int ARRIVAL = 0;
    static final int READY = 1;
    static final int COMPLETE = 2;
  }

  private final Workload workload;
  private final DecisionFeed feed;
  private final SpanSink spans;
  private final TimeSource time;
  private final List<FunctionPlatform> functions = new ArrayList<>();
  private final PriorityQueue<Event> events =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Thread thread;
  private volatile boolean running;

  /** The rows and the collector's counts of one per-second snapshot, published together. */
  record Snapshot(List<FunctionRow> rows, Map<String, Long> collected) {
    /** The collector's count of {@code function} at this snapshot, -1 when unknown. */
    long collectedOf(String function) {
      return collected.getOrDefault(function, -1L);
    }
  }

  private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());
  private volatile ToLongFunction<String> collectedProbe = f -> -1;
  private long seq;
  private long generated;
  private long nextSecond = SECOND;
  private long startMono;
  private long startEpoch;

  PlatformEmulator(Workload workload, DecisionFeed feed, SpanSink spans, TimeSource time) {
    this.workload = Objects.requireNonNull(workload, "workload");
    this.feed = Objects.requireNonNull(feed, "feed");
    this.spans = Objects.requireNonNull(spans, "spans");
    this.time = Objects.requireNonNull(time, "time");
    List<DemoFunction> fs = workload.functions();
    for (int i = 0; i < fs.size(); i++) {
      functions.add(new FunctionPlatform(i, fs.get(i)));
    }
    this.thread = new Thread(this::loop, "prescale-demo-platform");
    this.thread.setDaemon(true);
  }

  void start() {
    startMono = time.nanoTime();
    startEpoch = time.epochNanos();
    running = true;
    thread.start();
  }

  /** Stops the thread; requests in flight are dropped (not reported). */
  void stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The latest per-second snapshot, one row per function. */
  List<FunctionRow> rows() {
    return snapshot.rows();
  }

  /**
   * Reads the collector's invocation count of a function (-1 when unknown) at each per-second
   * snapshot, so the table compares it with the invocations sent at the same moment (read later, it
   * would run ahead of a snapshot up to a second old).
   */
  void collectedProbe(ToLongFunction<String> probe) {
    collectedProbe = Objects.requireNonNull(probe, "probe");
  }

  /** The latest snapshot: rows and collector counts read at the same per-second step. */
  Snapshot latest() {
    return snapshot;
  }

  /** The collector's count of {@code function} at the latest snapshot, -1 when unknown. */
  long collected(String function) {
    return snapshot.collected().getOrDefault(function, -1L);
  }

  private void loop() {
    try {
      while (running) {
        long now = time.nanoTime() - startMono;
        advance(now);
        long next = Math.min(nextSecond, events.isEmpty() ? nextSecond : events.peek().at);
        long sleepMs =
            Math.max(1, Math.min(50, (next - (time.nanoTime() - startMono)) / 1_000_000));
        Thread.sleep(sleepMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "demo platform emulator stopped", e);
    }
  }

  /**
   * Plays everything up to {@code now} (nanoseconds since the start): generates arrivals one second
   * ahead, handles due events, and applies decisions at each whole second. The emulator's thread
   * calls it; tests call it directly with their own times (after {@link #startAt}).
   */
  void advance(long now) {
    while (generated < now + SECOND) {
      long from = generated;
      workload.arrivals(
          from,
          from + SECOND,
          (f, offset, duration) ->
              push(
                  new Event(
                      offset, 0, Event.ARRIVAL, functions.get(f), null, offset, duration, false)));
      generated += SECOND;
    }
    while (!events.isEmpty() && events.peek().at <= now) {
      if (events.peek().at >= nextSecond) {
        everySecond(nextSecond);
        nextSecond += SECOND;
      } else {
        handle(events.poll());
      }
    }
    while (now >= nextSecond) {
      everySecond(nextSecond);
      nextSecond += SECOND;
    }
  }

  /** Sets the epoch time of offset 0 without starting the thread (tests). */
  void startAt(long epochNanos) {
    startEpoch = epochNanos;
  }

  private void push(Event e) {
    events.add(new Event(e.at, seq++, e.kind, e.fp, e.instance, e.arrival, e.duration, e.cold));
  }

  private void handle(Event e) {
    FunctionPlatform fp = e.fp;
    switch (e.kind) {
      case Event.ARRIVAL -> arrive(fp, e.at, e.duration);
      case Event.READY -> {
        fp.starting--;
        Instance i = e.instance;
        if (i.waitingArrival >= 0) {
          fp.waiting--;
          fp.busy++;
          push(
              new Event(
                  e.at + i.waitingDuration, 0, Event.COMPLETE, fp, i, i.waitingArrival, 0, true));
          i.waitingArrival = -1;
        } else {
          fp.unclaimed.remove(i);
          i.idleSince = e.at;
          fp.idle.addLast(i);
        }
      }
      default -> {
        fp.busy--;
        fp.completed++;
        spans.emit(fp.index, startEpoch + e.arrival, startEpoch + e.at, e.cold, e.instance.id);
        e.instance.idleSince = e.at;
        fp.idle.addLast(e.instance);
      }
    }
  }

  private void arrive(FunctionPlatform fp, long at, long duration) {
    fp.arrivals++;
    Instance warm = fp.idle.pollLast();
    if (warm != null) {
      fp.busy++;
      push(new Event(at + duration, 0, Event.COMPLETE, fp, warm, at, 0, false));
      return;
    }
    fp.coldStarts++;
    fp.waiting++;
    Instance i = fp.unclaimed.pollFirst();
    if (i == null) {
      i = startInstance(fp, at);
    }
    i.waitingArrival = at;
    i.waitingDuration = duration;
  }

  private Instance startInstance(FunctionPlatform fp, long at) {
    Instance i = fp.newInstance();
    fp.starting++;
    push(
        new Event(at + fp.function.coldStartMs() * 1_000_000L, 0, Event.READY, fp, i, 0, 0, false));
    return i;
  }

  private void everySecond(long now) {
    Instant at = Instant.ofEpochSecond(0, startEpoch + now);
    List<FunctionRow> snapshot = new ArrayList<>(functions.size());
    for (FunctionPlatform fp : functions) {
      fp.sample();
      ScaleDecision d = null;
      try {
        d = feed.latest(fp.key, fp.meanConcurrency(), at);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "decision feed failed for " + fp.key, e);
      }
      if (d != null) {
        fp.lastDecision = d;
      }
      scale(fp, fp.lastDecision, now);
      snapshot.add(fp.row());
    }
    Map<String, Long> seen = new HashMap<>();
    for (FunctionRow r : snapshot) {
      seen.put(r.function(), collectedProbe.applyAsLong(r.function()));
    }
    this.snapshot = new Snapshot(List.copyOf(snapshot), seen);
  }

  private void scale(FunctionPlatform fp, ScaleDecision d, long now) {
    int desired = d == null || !d.valid() ? 0 : d.desiredInstances();
    Duration keep =
        d == null ? NO_DECISION_KEEP_ALIVE : d.keepAlive() == null ? Duration.ZERO : d.keepAlive();
    if (d != null && !d.valid()) {
      keep = NO_DECISION_KEEP_ALIVE;
    }
    for (int n = fp.instances(); n < desired; n++) {
      fp.unclaimed.addLast(startInstance(fp, now));
    }
    long keepNanos = keep.toNanos();
    while (fp.instances() > desired
        && !fp.idle.isEmpty()
        && now - fp.idle.peekFirst().idleSince >= keepNanos) {
      fp.idle.pollFirst();
    }
  }
}
