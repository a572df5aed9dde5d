package io.prescale.app.demo;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The demo's stand-in while the control plane exposes no decisions: hold {@code ceil(1.2 x mean
 * in-flight over 30 s)} warm, keep idle extras for 60 s. Purely reactive, so it never pre-warms
 * ahead of a burst; the table says when it is in use.
 */
final class ReactiveRule implements DecisionFeed {
  static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

  @Override
  public String describe() {
    return "built-in reactive rule (desired = ceil(1.2 x 30 s mean in-flight), keep-alive 60 s):"
        + " this build exposes no autoscaler decisions to the demo";
  }

  @Override
  public ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now) {
    int desired = (int) Math.ceil(1.2 * meanConcurrency - 1e-9);
    return ScaleDecision.of(
            function,
            EpochNanos.of(now),
            Math.max(0, desired),
            "demo-reactive",
            String.format("30 s mean in-flight %.2f x 1.2", meanConcurrency),
            Map.of("meanConcurrency", meanConcurrency))
        .withKeepAlive(KEEP_ALIVE);
  }
}
