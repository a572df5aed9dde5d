package io.prescale.app.shadow;

import java.util.List;
import java.util.Map;

/**
 * One shadow report: what the platform did (observed) against what Prescale and each baseline would
 * have done on the same arrivals, per function and for the fleet.
 *
 * @param headline the one sentence at the top
 * @param parameters the window and the replay's settings, in order
 * @param fleet the sums over {@code functions}
 * @param functions per function, busiest first
 * @param worse the functions where Prescale would have cost more than the platform at the
 *     cold-start price (cold starts x price + instance-seconds)
 */
record ShadowReport(
    String headline,
    Map<String, Object> parameters,
    Line fleet,
    List<Line> functions,
    List<String> worse) {

  /**
   * One function's (or the fleet's) numbers.
   *
   * @param observedInstanceSeconds null when the function was not in shadow mode (nothing seen)
   * @param policies by policy name, in the request's order
   */
  record Line(
      String function,
      String traceName,
      long invocations,
      long observedColdStarts,
      Double observedInstanceSeconds,
      Map<String, Figures> policies) {}

  /** What one policy would have done. */
  record Figures(long coldStarts, double instanceSeconds) {}
}
