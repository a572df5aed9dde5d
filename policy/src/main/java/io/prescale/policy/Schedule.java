package io.prescale.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A weekly time window in a time zone during which a layer of settings applies. {@code from} is
 * inclusive and {@code to} exclusive, both local wall-clock minutes of the day; when {@code to <=
 * from} the window crosses midnight and belongs to the day it starts on ({@code fri 22:00-06:00}
 * runs until Saturday 06:00). {@code to} may be 24:00 (1440).
 *
 * @param index 0-based position in the rule's {@code schedules}
 * @param text the window as written, e.g. {@code mon-fri 08:00-18:00 Europe/Berlin}
 */
record Schedule(
    int index,
    Set<DayOfWeek> days,
    int fromMinute,
    int toMinute,
    ZoneId zone,
    Layer layer,
    String text,
    YamlNode.Pos pos) {

  Schedule {
    days = Set.copyOf(days);
  }

  /** Whether the window is open at {@code at}. */
  boolean activeAt(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    int minute = local.getHour() * 60 + local.getMinute();
    DayOfWeek day = local.getDayOfWeek();
    if (fromMinute < toMinute) {
      return days.contains(day) && minute >= fromMinute && minute < toMinute;
    }
    return (days.contains(day) && minute >= fromMinute)
        || (days.contains(day.minus(1)) && minute < toMinute);
  }

  /**
   * The first instant in the reference year at which both windows are open, or null when they never
   * are. Windows are compared as real instants, so different zones and DST are handled.
   */
  Instant firstOverlap(Schedule other, int year) {
    List<Instant[]> a = intervals(year);
    List<Instant[]> b = other.intervals(year);
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      Instant start = max(a.get(i)[0], b.get(j)[0]);
      Instant end = min(a.get(i)[1], b.get(j)[1]);
      if (start.isBefore(end)) {
        return start;
      }
      if (a.get(i)[1].isBefore(b.get(j)[1])) {
        i++;
      } else {
        j++;
      }
    }
    return null;
  }

  /** The window's occurrences starting in {@code year} (and the last day before it), sorted. */
  private List<Instant[]> intervals(int year) {
    List<Instant[]> out = new ArrayList<>();
    LocalDate end = LocalDate.of(year + 1, 1, 1);
    for (LocalDate d = LocalDate.of(year, 1, 1).minusDays(1); d.isBefore(end); d = d.plusDays(1)) {
      if (!days.contains(d.getDayOfWeek())) {
        continue;
      }
      Instant start = at(d, fromMinute);
      Instant stop = toMinute > fromMinute ? at(d, toMinute) : at(d.plusDays(1), toMinute);
      if (start.isBefore(stop)) {
        out.add(new Instant[] {start, stop});
      }
    }
    return out;
  }

  private Instant at(LocalDate day, int minute) {
    if (minute >= 1440) {
      return ZonedDateTime.of(day.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant();
    }
    return ZonedDateTime.of(day, LocalTime.of(minute / 60, minute % 60), zone).toInstant();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  static String hhmm(int minute) {
    return String.format("%02d:%02d", minute / 60, minute % 60);
  }
}
