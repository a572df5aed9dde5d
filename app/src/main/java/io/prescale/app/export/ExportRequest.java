package io.prescale.app.export;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * What to export.
 *
 * @param since how far back from the last complete minute, at least 1m
 * @param format {@code auto} (per-second timestamps when the window is within the per-second
 *     buckets kept, else minutes), {@code minutes} or {@code seconds}
 * @param anonymize rename every function (and app) to an opaque SHA-256 hash of {@code salt} and
 *     its name
 * @param salt the hashes' salt; the same salt gives the same names across exports
 */
public record ExportRequest(Duration since, String format, boolean anonymize, String salt) {
  public static final String AUTO = "auto";
  public static final String MINUTES = "minutes";
  public static final String SECONDS = "seconds";

  /** Longest window: the most per-minute buckets a store keeps (90 days; 7 by default). */
  public static final Duration MAX_SINCE = Duration.ofDays(90);

  public ExportRequest {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(salt, "salt");
    if (since.compareTo(Duration.ofMinutes(1)) < 0 || since.compareTo(MAX_SINCE) > 0) {
      throw new IllegalArgumentException(
          "since = "
              + Durations.format(since)
              + ", must be in [1m; "
              + Durations.format(MAX_SINCE)
              + "]");
    }
    if (!format.equals(AUTO) && !format.equals(MINUTES) && !format.equals(SECONDS)) {
      throw new IllegalArgumentException(
          "format = " + format + ", must be one of auto, minutes, seconds");
    }
  }
}
