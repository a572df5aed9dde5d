package io.prescale.app;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * A fake Knative-like platform for tests, whose own scaling is a known policy: every 2 s each
 * function is scaled to {@code ceil(mean in-flight over the last 60 s / 0.7)} instances (KPA's
 * stable window and target utilization at container concurrency 1), to zero after 90 s without an
 * arrival (stable window + 30 s grace); a request that finds no idle ready instance claims one that
 * is starting or starts one (the activator's poke), and waits for it: a cold start of 1 s. Idle
 * instances above the desired count stop at the tick. Every finished request is handed to a {@link
 * SpanOut} with its instance, as the instance's OpenTelemetry SDK would report it.
 */
final class KpaPlatform {
  static final long SECOND = 1_000_000_000L;
  static final long COLD_START = SECOND;
  static final long STABLE = 60 * SECOND;
  static final long TO_ZERO = 90 * SECOND;
  static final double TARGET = 0.7;

  /** Receives each finished request. */
  interface SpanOut {
    void span(int fn, long arrival, long end, boolean cold, String instance);
  }

  /**
   * Receives each function's instance count after every tick, as Knative's autoscaler reports it.
   */
  interface PodsOut {
    void pods(int fn, int count, long at);
  }

  /** One request as the platform served it. */
  record Served(int fn, long arrival, long end, boolean cold, String instance) {}

  private static final class Instance {
    final String id;
    final long readyAt;
    long busyUntil;
    boolean claimed;
    long stoppedAt = -1;

    Instance(String id, long readyAt) {
      this.id = id;
      this.readyAt = readyAt;
    }
  }

  private static final class Fn {
    final List<Instance> live = new ArrayList<>();
    final TreeMap<Long, Double> busySeconds = new TreeMap<>();
    long lastArrival = Long.MIN_VALUE;
    int next;
  }

  private final List<Fn> fns = new ArrayList<>();
  private final PriorityQueue<Served> pending =
      new PriorityQueue<>((a, b) -> Long.compare(a.end(), b.end()));
  private final List<Served> served = new ArrayList<>();
  private final SpanOut out;
  private final PodsOut pods;
  private double instanceSeconds;
  private long lastTick = Long.MIN_VALUE;

  KpaPlatform(int functions, SpanOut out, PodsOut pods) {
    for (int i = 0; i < functions; i++) {
      fns.add(new Fn());
    }
    this.out = out;
    this.pods = pods;
  }

  /** A request of {@code fn} arriving at {@code at} that runs {@code duration}. */
  void arrive(int fn, long at, long duration) {
    Fn f = fns.get(fn);
    f.lastArrival = at;
    Instance warm = null;
    for (Instance i : f.live) {
      if (i.readyAt <= at && i.busyUntil <= at && (warm == null || i.busyUntil > warm.busyUntil)) {
        warm = i; // the most recently used idle instance
      }
    }
    boolean cold = warm == null;
    long start = at;
    if (cold) {
      for (Instance i : f.live) {
        if (i.readyAt > at && !i.claimed) {
          warm = i;
          break;
        }
      }
      if (warm == null) {
        warm = new Instance("i-" + fn + "-" + ++f.next, at + COLD_START);
        f.live.add(warm);
      }
      warm.claimed = true;
      start = warm.readyAt;
    }
    warm.busyUntil = start + duration;
    for (long s = start / SECOND; s * SECOND < start + duration; s++) {
      long a = Math.max(start, s * SECOND);
      long b = Math.min(start + duration, (s + 1) * SECOND);
      f.busySeconds.merge(s, (b - a) / 1e9, Double::sum);
    }
    pending.add(new Served(fn, at, start + duration, cold, warm.id));
  }

  /** Reports every request finished by {@code now}. */
  void finishUntil(long now) {
    while (!pending.isEmpty() && pending.peek().end() <= now) {
      Served s = pending.poll();
      served.add(s);
      out.span(s.fn(), s.arrival(), s.end(), s.cold(), s.instance());
    }
  }

  /** The platform's own autoscaler, every 2 s. */
  void tick(long now) {
    for (Fn f : fns) {
      if (lastTick != Long.MIN_VALUE) {
        instanceSeconds += f.live.size() * (now - lastTick) / 1e9;
      }
      long nowSecond = now / SECOND;
      f.busySeconds.headMap(nowSecond - STABLE / SECOND).clear();
      double busy = 0;
      for (double v : f.busySeconds.subMap(nowSecond - STABLE / SECOND, nowSecond).values()) {
        busy += v;
      }
      int desired = (int) Math.ceil(busy / (STABLE / 1e9) / TARGET - 1e-9);
      if (f.lastArrival == Long.MIN_VALUE || now - f.lastArrival >= TO_ZERO) {
        desired = 0;
      }
      while (f.live.size() < desired) {
        f.live.add(new Instance("i-" + fns.indexOf(f) + "-" + ++f.next, now + COLD_START));
      }
      for (int i = f.live.size() - 1; i >= 0 && f.live.size() > desired; i--) {
        Instance in = f.live.get(i);
        if (in.readyAt <= now && in.busyUntil <= now) {
          in.stoppedAt = now;
          f.live.remove(i);
        }
      }
      pods.pods(fns.indexOf(f), f.live.size(), now);
    }
    lastTick = now;
  }

  /** Every request reported so far. */
  List<Served> served() {
    return served;
  }

  /** Instance-seconds the platform ran, from tick to tick. */
  double instanceSeconds() {
    return instanceSeconds;
  }
}
