package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.oracle.OracleKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far one policy on one platform is from {@code oracle} on the same platform and trace: the
 * cold starts and cost it pays above the limit, and its total cost at the cold-start price ({@code
 * coldStarts x price + instance-seconds}) over the oracle's (which has no cold start, so its total
 * is its instance-seconds). 1.0 is the limit; on-demand no policy goes below it.
 *
 * @param extraColdStarts cold starts above the oracle's (which has none)
 * @param extraInstanceSeconds instance-seconds above the oracle's; negative when the policy buys
 *     capacity with cold starts
 * @param extraGbSeconds memory GB-seconds above the oracle's
 * @param priceSeconds the cold-start price on this platform, instance-seconds
 * @param costAtPrice {@code coldStarts x price + instanceSeconds}
 * @param costRatio {@code costAtPrice} over the oracle's
 */
public record OracleDistance(
    String policy,
    String platform,
    long extraColdStarts,
    double extraInstanceSeconds,
    double extraGbSeconds,
    double priceSeconds,
    double costAtPrice,
    double costRatio) {

  /** Total cost of {@code r} at {@code priceSeconds} per cold start, instance-seconds. */
  public static double costAtPrice(RunResult r, double priceSeconds) {
    return r.coldStarts() * priceSeconds + r.instanceSeconds();
  }

  /**
   * The distance of every result whose platform has an {@code oracle} result, in result order.
   *
   * @param pricesByPlatform the cold-start price per platform wire name, seconds
   */
  public static List<OracleDistance> of(
      List<RunResult> results, Map<String, Double> pricesByPlatform) {
    List<OracleDistance> out = new ArrayList<>();
    for (RunResult r : results) {
      RunResult o =
          results.stream()
              .filter(
                  x ->
                      x.policy().equals(OracleKind.ORACLE.wireName())
                          && x.platform().equals(r.platform()))
              .findFirst()
              .orElse(null);
      Double price = pricesByPlatform.get(r.platform());
      if (o == null || price == null) {
        continue;
      }
      double cost = costAtPrice(r, price);
      double limit = costAtPrice(o, price);
      out.add(
          new OracleDistance(
              r.policy(),
              r.platform(),
              r.coldStarts() - o.coldStarts(),
              r.instanceSeconds() - o.instanceSeconds(),
              r.memoryGbSeconds() - o.memoryGbSeconds(),
              price,
              cost,
              limit == 0 ? (cost == 0 ? 1 : Double.POSITIVE_INFINITY) : cost / limit));
    }
    return out;
  }
}
