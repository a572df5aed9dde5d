package io.prescale.policy;

import java.time.DayOfWeek;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Days of the week as operators write them: {@code mon-fri}, {@code sat,sun}, {@code mon-wed,fri},
 * {@code fri-mon} (wraps), {@code daily}, {@code weekdays}, {@code weekends}; full names work too.
 */
final class Days {
  static final String SYNTAX =
      "days like mon-fri, sat,sun, mon-wed,fri, daily, weekdays or weekends";

  private Days() {}

  /** The set, or null when {@code text} is not a day list. */
  static Set<DayOfWeek> parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    switch (t) {
      case "daily":
      case "every day":
      case "*":
        return EnumSet.allOf(DayOfWeek.class);
      case "weekdays":
        return EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
      case "weekends":
        return EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      default:
        break;
    }
    EnumSet<DayOfWeek> out = EnumSet.noneOf(DayOfWeek.class);
    for (String part : t.split(",", -1)) {
      String[] ends = part.trim().split("-", -1);
      if (ends.length > 2) {
        return null;
      }
      DayOfWeek from = day(ends[0]);
      DayOfWeek to = ends.length == 2 ? day(ends[1]) : from;
      if (from == null || to == null) {
        return null;
      }
      for (DayOfWeek d = from; ; d = d.plus(1)) {
        out.add(d);
        if (d == to) {
          break;
        }
      }
    }
    return out;
  }

  private static DayOfWeek day(String s) {
    String t = s.trim();
    if (t.length() < 3) {
      return null;
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      String full = d.name().toLowerCase(Locale.ROOT);
      if (full.equals(t) || full.substring(0, 3).equals(t)) {
        return d;
      }
    }
    return null;
  }
}
