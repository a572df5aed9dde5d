package io.prescale.autoscaler.predictive;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import java.util.List;

/** A predictive decider on a minimal on-demand platform, and what its first instance did. */
final class OnDemandHarness {
  static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  static final DeciderSpec SPEC = DeciderSpec.defaults();
  static final double K = SPEC.keepAlive().toMillis() / 1000.0;
  static final double W =
      WarmEconomics.coldStartWeightSeconds(SPEC, PredictiveDecider.quantile(SPEC), true);

  private OnDemandHarness() {}

  /** What the decider's first instance did on a minimal on-demand platform. */
  static final class Outcome {
    int cold;
    double idle;
    int keepAliveCold;
    double keepAliveIdle;
    int lastGuardArrival = -1;

    double score() {
      return cold * W + idle;
    }

    double keepAliveScore() {
      return keepAliveCold * W + keepAliveIdle;
    }

    @Override
    public String toString() {
      return cold
          + " cold, "
          + Math.round(idle)
          + " idle s (keep-alive "
          + keepAliveCold
          + " cold, "
          + Math.round(keepAliveIdle)
          + " idle s)";
    }
  }

  /**
   * Ticks a decider over requests of {@code duration} s at {@code arrivals}: a request finding no
   * instance starts one (cold); an idle instance above the decision goes after the decision's
   * keep-alive.
   */
  static Outcome run(List<Long> arrivals, int duration) {
    long end = arrivals.get(arrivals.size() - 1) + duration + 10;
    FakeObservation obs = new FakeObservation(T0, (int) (end - T0) + 1);
    obs.durationSeconds = duration;
    for (long a : arrivals) {
      obs.arrive(a, 1);
    }
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    Outcome o = new Outcome();
    long tick = SPEC.tick().getSeconds();
    long keptUntil = Long.MIN_VALUE;
    long keepAlive = 0;
    int ready = 0;
    int next = 0;
    long lastBusy = Long.MIN_VALUE;
    for (long s = T0 + 2; s < end; s += tick) {
      boolean busy = false;
      for (long b = s - tick; b < s; b++) {
        while (next < arrivals.size() && arrivals.get(next) == b) {
          if (ready == 0) {
            o.cold++;
          }
          double gap = lastBusy == Long.MIN_VALUE ? Double.NaN : b - lastBusy - 1;
          if (Double.isNaN(gap) || gap > K) {
            o.keepAliveCold++;
          }
          o.keepAliveIdle += Double.isNaN(gap) ? 0 : Math.min(gap, K);
          ready = Math.max(ready, 1);
          next++;
        }
        if (obs.concurrency[(int) (b - T0)] > 0) {
          busy = true;
          lastBusy = b;
          keptUntil = b + 1 + keepAlive;
        }
      }
      if (!busy && ready > 0) {
        o.idle += tick;
      }
      obs.ready = Math.max(ready, s < keptUntil ? 1 : 0);
      ScaleDecision x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      keepAlive = x.keepAlive() == null ? 0 : x.keepAlive().getSeconds();
      if (x.signals().getOrDefault(Signals.KEEPALIVE_GUARD, 0.0) > 0) {
        o.lastGuardArrival = next;
      }
      ready = Math.max(x.desiredInstances(), s < keptUntil ? 1 : 0);
    }
    return o;
  }
}
