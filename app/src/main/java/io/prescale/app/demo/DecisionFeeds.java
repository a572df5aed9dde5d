package io.prescale.app.demo;

import io.prescale.app.ControlPlaneContext;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.autoscaler.loop.ScheduledAutoscaler;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import java.time.Instant;
import java.util.Optional;

/** Picks the demo's {@link DecisionFeed} from what the started control plane shares. */
final class DecisionFeeds {
  private DecisionFeeds() {}

  /**
   * The autoscaler loop's latest decisions when the control plane shares its {@link AutoscalerLoop}
   * (or {@link ScheduledAutoscaler}) in the context, else the {@link ReactiveRule}.
   */
  static DecisionFeed from(ControlPlaneContext ctx) {
    Optional<AutoscalerLoop> loop =
        ctx.find(AutoscalerLoop.class)
            .or(() -> ctx.find(ScheduledAutoscaler.class).map(ScheduledAutoscaler::loop));
    return loop.<DecisionFeed>map(LoopFeed::new).orElseGet(ReactiveRule::new);
  }

  /** The control plane's own decisions: the platform follows what the policy's deciders want. */
  record LoopFeed(AutoscalerLoop loop) implements DecisionFeed {
    @Override
    public String describe() {
      return "the control plane's autoscaler loop (deciders from the policy; adapters as configured,"
          + " dry-run by default); no decision yet = the platform keeps idle instances 10 min";
    }

    @Override
    public ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now) {
      return loop.latestDecision(function).orElse(null);
    }
  }
}
