package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.util.Map;

/**
 * Fixed keep-alive (AWS Lambda about 10 min, Azure Functions 20 min; the simulator's {@code
 * keepalive-10m} / {@code keepalive-20m} are this with {@code spec.keepAlive()} = 10m/20m): no
 * pre-warming ({@code desired = 0}), an instance stays warm for {@code keepAlive} after its last
 * request ({@code decision.keepAlive()}). The keep-alive is re-read from the spec at every call, so
 * a policy reload applies at once.
 *
 * <p>Deviation: this is an on-demand policy. On a platform where only decisions add instances
 * (Knative/Kubernetes), desired 0 adds nothing; there the platform's own on-demand start, if any,
 * is what serves requests.
 */
final class KeepAliveDecider implements Decider {
  static final String NAME = "keepalive";
  private final FunctionKey function;
  private Duration cachedKeepAlive;
  private Map<String, Double> cachedSignals;

  KeepAliveDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    Duration keep = spec.keepAlive();
    if (!keep.equals(cachedKeepAlive)) {
      cachedKeepAlive = keep;
      cachedSignals = Map.of("desired", 0.0, "keepAliveSeconds", EpochNanos.seconds(keep));
    }
    return new ScaleDecision(
        function,
        nowNanos,
        true,
        0,
        keep,
        NAME,
        "keep-alive: no pre-warm, keep idle instances for keepAlive",
        cachedSignals);
  }
}
