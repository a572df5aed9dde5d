package io.prescale.app.demo;

import io.prescale.app.ControlPlaneContext;
import io.prescale.app.shadow.ShadowComponent;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.autoscaler.loop.ScheduledAutoscaler;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.policy.PolicyProvider;
import java.time.Instant;
import java.util.Map;
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
    PolicyProvider policy = ctx.find(PolicyProvider.class).orElseGet(PolicyProvider::builtIn);
    FunctionStore store = ctx.find(FunctionStore.class).orElse(null);
    ShadowCheck shadow =
        (function, now) ->
            ShadowComponent.isShadow(
                policy.specFor(function, store == null ? Map.of() : store.labels(function), now));
    return loop.<DecisionFeed>map(l -> new LoopFeed(l, shadow, new ReactiveRule()))
        .orElseGet(ReactiveRule::new);
  }

  /** Whether a function is in shadow mode at a time. */
  interface ShadowCheck {
    boolean test(FunctionKey function, Instant now);
  }

  /**
   * The control plane's own decisions: the platform follows what the policy's deciders want, except
   * for functions in shadow mode, which the platform scales by its own rule (Prescale only
   * watches).
   */
  record LoopFeed(AutoscalerLoop loop, ShadowCheck shadow, ReactiveRule own)
      implements DecisionFeed {
    @Override
    public String describe() {
      return "the control plane's autoscaler loop (deciders from the policy; adapters as configured,"
          + " dry-run by default; functions in mode: shadow follow the platform's own rule,"
          + " ceil(1.2 x 30 s mean in-flight) with a 60 s keep-alive); no decision yet = the platform keeps idle instances 10 min";
    }

    @Override
    public ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now) {
      if (shadow.test(function, now)) {
        return own.latest(function, meanConcurrency, now);
      }
      return loop.latestDecision(function).orElse(null);
    }
  }
}
