package io.prescale.policy;

import java.time.Instant;
import java.util.List;

/**
 * One entry of {@code policies}: the functions it matches, the settings it gives and its schedules
 * (which never overlap each other).
 *
 * @param index 0-based position in {@code policies}; earlier rules win
 */
record Rule(
    int index, String name, Match match, Layer layer, List<Schedule> schedules, YamlNode.Pos pos) {

  Rule {
    schedules = List.copyOf(schedules);
  }

  /** The schedule open at {@code at}, or null. */
  Schedule activeSchedule(Instant at) {
    for (Schedule s : schedules) {
      if (s.activeAt(at)) {
        return s;
      }
    }
    return null;
  }
}
