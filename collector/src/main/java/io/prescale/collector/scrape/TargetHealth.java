package io.prescale.collector.scrape;

/**
 * What is known of one target, for {@code GET /api/v1/sources} and the metrics.
 *
 * @param source the source's name
 * @param url the target's URL
 * @param health {@code up} (last scrape ingested), {@code down} (last scrape failed) or {@code
 *     unknown} (not scraped yet)
 * @param lastScrapeMillis epoch millis of the last scrape's end, 0 before the first
 * @param lastSuccessMillis epoch millis of the last successful scrape, 0 before one
 * @param lastError the last failure in one line (empty when the last scrape succeeded)
 * @param consecutiveFailures failed scrapes since the last success
 * @param lastDurationMillis how long the last scrape took
 * @param points data points the last successful scrape ingested (platform series only)
 * @param series series remembered for the target
 */
public record TargetHealth(
    String source,
    String url,
    String health,
    long lastScrapeMillis,
    long lastSuccessMillis,
    String lastError,
    long consecutiveFailures,
    long lastDurationMillis,
    long points,
    long series) {}
