package io.prescale.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.time.Instant;
import java.util.Map;

/**
 * A test decider that checks, at every call, that nothing it can see happened at or after now, and
 * a telemetry spy that remembers the latest time written. Desired = ceil(newest complete second's
 * concurrency), so instances follow traffic.
 */
final class RecordingDecider {
  private RecordingDecider() {}

  /** The spy: wraps the real windows, remembers the newest write time. */
  static final class Spy implements FunctionTelemetry {
    private final FunctionTelemetry inner;
    long newestWriteNanos = Long.MIN_VALUE;
    long writes;

    Spy(FunctionTelemetry inner) {
      this.inner = inner;
    }

    @Override
    public void recordInvocation(Invocation invocation) {
      newestWriteNanos = Math.max(newestWriteNanos, invocation.endNanos());
      writes++;
      inner.recordInvocation(invocation);
    }

    @Override
    public void recordConcurrency(long epochSecond, double meanInFlight) {
      newestWriteNanos = Math.max(newestWriteNanos, (epochSecond + 1) * 1_000_000_000L);
      writes++;
      inner.recordConcurrency(epochSecond, meanInFlight);
    }

    @Override
    public Observation view(int readyInstances, long nowNanos) {
      assertTrue(
          newestWriteNanos <= nowNanos,
          "telemetry written at " + newestWriteNanos + " is visible to a decision at " + nowNanos);
      return inner.view(readyInstances, nowNanos);
    }
  }

  static final class Provider implements DeciderProvider {
    long calls;
    long checkedData;

    @Override
    public String name() {
      return "test-recording";
    }

    @Override
    public Decider create(FunctionKey function, DeciderSpec spec) {
      return (s, obs, nowNanos) -> {
        calls++;
        long nowSec = EpochNanos.second(nowNanos);
        assertEquals(0.0, obs.concurrency(nowSec), "the current second is not complete yet");
        assertEquals(0L, obs.arrivals(nowSec));
        long last = obs.lastArrivalNanos();
        assertTrue(
            last == Observation.NONE || last < nowNanos,
            "arrival at " + last + " seen at " + nowNanos);
        double c = obs.concurrency(nowSec - 1);
        if (c > 0 || last != Observation.NONE) {
          checkedData++;
        }
        int desired = (int) Math.ceil(c);
        return ScaleDecision.of(
            function, nowNanos, desired, "test-recording", "follow last second", Map.of("c", c));
      };
    }
  }

  static Instant at(long nanos) {
    return Instant.ofEpochSecond(0, nanos);
  }
}
