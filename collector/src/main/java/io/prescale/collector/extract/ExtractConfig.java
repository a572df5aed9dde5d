package io.prescale.collector.extract;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the extraction.
 *
 * @param futureSkew data ending more than this after the receive time is rejected (default 5m)
 * @param lateness data ending more than this before the receive time is rejected (default 5m)
 * @param spansWin a function that sent spans within this is counted from its spans only; its metric
 *     counts and durations are ignored (default 10m)
 * @param maxStreams cumulative metric streams remembered (default 100,000; least recent dropped)
 * @param activeRequestsStale an {@code http.server.active_requests} stream older than this no
 *     longer adds to a function's in-flight total (default 2m)
 * @param maintenanceInterval how often the sink evicts idle functions and trims windows (default
 *     10s)
 */
public record ExtractConfig(
    Duration futureSkew,
    Duration lateness,
    Duration spansWin,
    int maxStreams,
    Duration activeRequestsStale,
    Duration maintenanceInterval) {

  public ExtractConfig {
    Objects.requireNonNull(futureSkew, "futureSkew");
    Objects.requireNonNull(lateness, "lateness");
    Objects.requireNonNull(spansWin, "spansWin");
    Objects.requireNonNull(activeRequestsStale, "activeRequestsStale");
    Objects.requireNonNull(maintenanceInterval, "maintenanceInterval");
    check(!futureSkew.isNegative(), "futureSkew", futureSkew, "[0s; inf)");
    check(!lateness.isNegative(), "lateness", lateness, "[0s; inf)");
    check(!spansWin.isNegative(), "spansWin", spansWin, "[0s; inf)");
    check(maxStreams >= 1 && maxStreams <= 10_000_000, "maxStreams", maxStreams, "[1; 10000000]");
    check(
        activeRequestsStale.getSeconds() >= 1,
        "activeRequestsStale",
        activeRequestsStale,
        "[1s; inf)");
    check(
        !maintenanceInterval.isNegative(), "maintenanceInterval", maintenanceInterval, "[0s; inf)");
  }

  public static ExtractConfig defaults() {
    return new ExtractConfig(
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        Duration.ofMinutes(10),
        100_000,
        Duration.ofMinutes(2),
        Duration.ofSeconds(10));
  }

  public ExtractConfig withLateness(Duration v) {
    return new ExtractConfig(
        futureSkew, v, spansWin, maxStreams, activeRequestsStale, maintenanceInterval);
  }

  public ExtractConfig withSpansWin(Duration v) {
    return new ExtractConfig(
        futureSkew, lateness, v, maxStreams, activeRequestsStale, maintenanceInterval);
  }

  public ExtractConfig withMaxStreams(int v) {
    return new ExtractConfig(
        futureSkew, lateness, spansWin, v, activeRequestsStale, maintenanceInterval);
  }

  private static void check(boolean ok, String key, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ", must be in " + range);
    }
  }
}
