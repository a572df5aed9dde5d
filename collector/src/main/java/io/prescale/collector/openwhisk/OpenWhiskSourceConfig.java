package io.prescale.collector.openwhisk;

import io.prescale.core.time.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the {@code openwhisk} source.
 *
 * @param apiHost the OpenWhisk API host, {@code https://openwhisk.example.com} (the CLI's {@code
 *     APIHOST}); requests go to {@code /api/v1/namespaces/{ns}/activations} under it
 * @param authFile a file holding the API key {@code uuid:key} (as {@code wsk property get --auth}
 *     prints it), read before every poll so that rotating it needs no restart
 * @param namespaces the namespaces to poll; {@code _} is the key's own namespace
 * @param pollInterval time between two polls of a namespace (default 10s)
 * @param lookback each poll asks again for this much before the cursor, so that an activation
 *     recorded late (the record is written when it ends, and the store's index lags) is still seen;
 *     its ids are remembered so that none counts twice (default 1m)
 * @param timeout each request's deadline, connecting included (default 10s)
 * @param pageLimit activations per page, {@code limit} (default and most: 200, OpenWhisk's maximum)
 * @param maxPages pages read per poll, {@code skip} = page x limit; a poll that fills them all
 *     reads the rest next time (default 50)
 * @param maxResponseBytes a larger page is refused (default 32 MiB)
 * @param maxSeenIds activation ids remembered per namespace (default 100,000)
 * @param maxBackoff the longest wait after failures or 429s (default 5m)
 */
public record OpenWhiskSourceConfig(
    URI apiHost,
    Path authFile,
    List<String> namespaces,
    Duration pollInterval,
    Duration lookback,
    Duration timeout,
    int pageLimit,
    int maxPages,
    long maxResponseBytes,
    int maxSeenIds,
    Duration maxBackoff) {

  /** OpenWhisk's largest {@code limit} for list operations. */
  public static final int MAX_PAGE_LIMIT = 200;

  public OpenWhiskSourceConfig {
    Objects.requireNonNull(apiHost, "apiHost");
    Objects.requireNonNull(authFile, "authFile");
    namespaces = List.copyOf(Objects.requireNonNull(namespaces, "namespaces"));
    if (!"http".equals(apiHost.getScheme()) && !"https".equals(apiHost.getScheme())
        || apiHost.getHost() == null) {
      throw new IllegalArgumentException(
          "openwhisk api host = " + apiHost + ", must be an http:// or https:// URL with a host");
    }
    if (namespaces.isEmpty()) {
      throw new IllegalArgumentException("openwhisk namespaces = [], must name at least one");
    }
    for (String ns : namespaces) {
      if (ns.isBlank() || ns.contains("/") || ns.contains("?") || ns.contains("#")) {
        throw new IllegalArgumentException(
            "openwhisk namespace = '" + ns + "', must be a namespace name (no '/', '?', '#')");
      }
    }
    positive("poll interval", pollInterval, Duration.ofMillis(100), Duration.ofHours(1));
    positive("lookback", lookback, Duration.ZERO, Duration.ofHours(1));
    positive("timeout", timeout, Duration.ofMillis(100), Duration.ofMinutes(5));
    positive("max backoff", maxBackoff, pollInterval, Duration.ofHours(1));
    range("page limit", pageLimit, 1, MAX_PAGE_LIMIT);
    range("max pages", maxPages, 1, 10_000);
    range("max seen ids", maxSeenIds, 1, 10_000_000);
    if (maxResponseBytes < 1024) {
      throw new IllegalArgumentException(
          "openwhisk max response bytes = " + maxResponseBytes + ", must be >= 1024");
    }
  }

  /** The defaults for the rest. */
  public static OpenWhiskSourceConfig of(URI apiHost, Path authFile, List<String> namespaces) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        Duration.ofSeconds(10),
        Duration.ofMinutes(1),
        Duration.ofSeconds(10),
        MAX_PAGE_LIMIT,
        50,
        32L * 1024 * 1024,
        100_000,
        Duration.ofMinutes(5));
  }

  public OpenWhiskSourceConfig withPollInterval(Duration d) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        d,
        lookback,
        timeout,
        pageLimit,
        maxPages,
        maxResponseBytes,
        maxSeenIds,
        maxBackoff.compareTo(d) < 0 ? d : maxBackoff);
  }

  public OpenWhiskSourceConfig withLookback(Duration d) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        pollInterval,
        d,
        timeout,
        pageLimit,
        maxPages,
        maxResponseBytes,
        maxSeenIds,
        maxBackoff);
  }

  public OpenWhiskSourceConfig withTimeout(Duration d) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        pollInterval,
        lookback,
        d,
        pageLimit,
        maxPages,
        maxResponseBytes,
        maxSeenIds,
        maxBackoff);
  }

  public OpenWhiskSourceConfig withPages(int limit, int pages) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        pollInterval,
        lookback,
        timeout,
        limit,
        pages,
        maxResponseBytes,
        maxSeenIds,
        maxBackoff);
  }

  public OpenWhiskSourceConfig withMaxSeenIds(int n) {
    return new OpenWhiskSourceConfig(
        apiHost,
        authFile,
        namespaces,
        pollInterval,
        lookback,
        timeout,
        pageLimit,
        maxPages,
        maxResponseBytes,
        n,
        maxBackoff);
  }

  private static void positive(String key, Duration d, Duration min, Duration max) {
    Objects.requireNonNull(d, key);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "openwhisk "
              + key
              + " = "
              + Durations.format(d)
              + ", must be in ["
              + Durations.format(min)
              + "; "
              + Durations.format(max)
              + "]");
    }
  }

  private static void range(String key, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(
          "openwhisk " + key + " = " + v + ", must be in [" + min + "; " + max + "]");
    }
  }
}
