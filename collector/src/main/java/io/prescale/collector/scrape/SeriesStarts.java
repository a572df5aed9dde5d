package io.prescale.collector.scrape;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Start times of one target's series, so that the collector's cumulative handling ({@code
 * CumulativeTracker}) reads them as it reads any cumulative OTLP stream. A series in the target's
 * first successful scrape starts at the target's own start ({@link ScrapeTarget#startNanos()}: a
 * discovered pod's start time, else 0 = unknown, so its first value is a baseline); a series first
 * seen later appeared after the previous successful scrape, so it starts then and counts in full. A
 * start never changes while the series is present; a series gone from a scrape is forgotten (if it
 * comes back it began anew). Memory: the series of the last scrape. Used by one scrape at a time.
 */
final class SeriesStarts {
  private final long targetStart;
  private Map<String, Long> starts = new HashMap<>();
  private long lastSuccess = -1;

  SeriesStarts(long targetStart) {
    this.targetStart = targetStart;
  }

  /** The start of {@code series}, remembered for the next scrapes. */
  long startOf(String series, Map<String, Long> next) {
    Long s = starts.get(series);
    if (s == null) {
      s = lastSuccess < 0 ? targetStart : lastSuccess;
    }
    next.put(series, s);
    return s;
  }

  /** After a successful scrape at {@code nowNanos} that held the series of {@code next}. */
  void scraped(long nowNanos, Map<String, Long> next) {
    starts = next;
    lastSuccess = nowNanos;
  }

  int size() {
    return starts.size();
  }

  Set<String> series() {
    return starts.keySet();
  }
}
