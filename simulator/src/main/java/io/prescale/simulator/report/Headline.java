package io.prescale.simulator.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The sentence a report opens with: one policy's cold starts and instance-hours as multiples of
 * each other's, e.g. {@code "On-demand: prescale has 0.019x the cold starts of kpa at 1.5x its
 * instance-hours; 0.39x those of keepalive-10m at 0.93x."} Below 1x is better on both.
 */
public final class Headline {
  /** What one policy (or the platform itself) did over the same arrivals. */
  public record Totals(String name, double coldStarts, double instanceSeconds) {}

  private Headline() {}

  /**
   * @param where what the comparison covers, the sentence's opening ({@code "On-demand"}, {@code
   *     "Last 24h"})
   * @param subject the policy compared
   * @param others what it is compared against, in the order to name them (at least one)
   */
  public static String sentence(String where, Totals subject, List<Totals> others) {
    if (others.isEmpty()) {
      throw new IllegalArgumentException("others = [], must name at least one to compare with");
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < others.size(); i++) {
      Totals o = others.get(i);
      String cold = Formats.ratio(subject.coldStarts(), o.coldStarts());
      String cost = Formats.ratio(subject.instanceSeconds(), o.instanceSeconds());
      parts.add(
          i == 0
              ? cold + " the cold starts of " + o.name() + " at " + cost + " its instance-hours"
              : cold + " those of " + o.name() + " at " + cost);
    }
    return where + ": " + subject.name() + " has " + String.join("; ", parts) + ".";
  }

  /** The tone of a ratio cell: below 1x is better, above is worse. */
  static ReportPage.Tone tone(double subject, double other) {
    if (subject == other) {
      return ReportPage.Tone.NONE;
    }
    return subject < other ? ReportPage.Tone.BETTER : ReportPage.Tone.WORSE;
  }
}
