package io.prescale.collector.extract;

import io.prescale.core.FunctionKey;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The one rule that keeps a function from being counted twice when it sends both spans and metrics:
 * <b>spans win</b>. A function that sent an invocation span within {@link ExtractConfig#spansWin()}
 * of a metric export is counted from its spans only; that export's {@code
 * faas.invocations/errors/coldstarts/timeouts} counts and {@code faas.invoke_duration} / {@code
 * http.server.request.duration} durations are ignored (cumulative streams still advance, so nothing
 * is counted later either). Concurrency samples ({@code http.server.active_requests}) and init
 * durations are always used: spans carry neither.
 *
 * <p>Among spans, the platform's win: once a function's platform reported its invocations (Lambda's
 * platform reports, {@link io.prescale.collector.ingest.PlatformReports}), the function's own
 * invocation spans are ignored for {@link ExtractConfig#spansWin()} (counted in {@link
 * CollectorSink#supersededSpans()}). This choice is not saved in snapshots: after a restart it
 * holds again from the first platform report.
 *
 * <p>Among metrics, {@code faas.*} wins over {@code http.server.request.duration}: once a function
 * reported {@code faas.invocations} (or {@code faas.invoke_duration}), its HTTP histogram no longer
 * counts invocations (or durations). Platform series ({@link PlatformSeries}) come last: spans and
 * {@code faas.*} metrics win over them, and Prescale's own scrape of them wins over their OTLP copy
 * for {@code spansWin} after a scrape delivered them ({@link #scrapeWins}). Only the ingest thread
 * uses this class.
 */
final class SourceArbiter {
  private final long spansWinNanos;
  private final Map<FunctionKey, Long> lastSpan = new HashMap<>();
  private final Map<FunctionKey, Long> lastPlatform = new HashMap<>();
  private final Set<FunctionKey> faasCounts = new HashSet<>();
  private final Set<FunctionKey> faasDurations = new HashSet<>();
  private final Map<FunctionKey, Long> lastScrape = new HashMap<>();
  private final Set<FunctionKey> platformRequests = new HashSet<>();

  SourceArbiter(long spansWinNanos) {
    this.spansWinNanos = spansWinNanos;
  }

  void spanSeen(FunctionKey key, long receivedNanos) {
    lastSpan.put(key, receivedNanos);
  }

  /** A span the platform reported ({@link io.prescale.collector.ingest.PlatformReports}). */
  void platformSeen(FunctionKey key, long receivedNanos) {
    lastPlatform.put(key, receivedNanos);
  }

  /**
   * Whether the function's own invocation spans are ignored now: its platform reported within
   * {@link ExtractConfig#spansWin()} (the platform sees every invocation; both would count twice).
   */
  boolean platformWins(FunctionKey key, long receivedNanos) {
    Long at = lastPlatform.get(key);
    return at != null && at >= receivedNanos - spansWinNanos;
  }

  /** Whether metric counts and durations of {@code key} are ignored now. */
  boolean spansWin(FunctionKey key, long receivedNanos) {
    Long at = lastSpan.get(key);
    return at != null && at >= receivedNanos - spansWinNanos;
  }

  void faasCountsSeen(FunctionKey key) {
    faasCounts.add(key);
  }

  boolean hasFaasCounts(FunctionKey key) {
    return faasCounts.contains(key);
  }

  void faasDurationsSeen(FunctionKey key) {
    faasDurations.add(key);
  }

  boolean hasFaasDurations(FunctionKey key) {
    return faasDurations.contains(key);
  }

  /** Prescale's own scrape delivered platform series of {@code key} ({@link PlatformExtractor}). */
  void scrapeSeen(FunctionKey key, long receivedNanos) {
    lastScrape.put(key, receivedNanos);
  }

  /**
   * Whether the OTLP copy of {@code key}'s platform series is ignored now: Prescale's scrape
   * delivered them within {@link ExtractConfig#spansWin()}.
   */
  boolean scrapeWins(FunctionKey key, long receivedNanos) {
    Long at = lastScrape.get(key);
    return at != null && at >= receivedNanos - spansWinNanos;
  }

  /** Knative's {@code revision_request_count} was seen for {@code key}. */
  void platformRequestsSeen(FunctionKey key) {
    platformRequests.add(key);
  }

  /** Whether {@code revision_app_request_count} is ignored for {@code key}. */
  boolean hasPlatformRequests(FunctionKey key) {
    return platformRequests.contains(key);
  }

  /**
   * Copies for a snapshot ({@link IngestStateCodec}): last span times, faas counts, faas durations.
   */
  Map<FunctionKey, Long> lastSpans() {
    return new HashMap<>(lastSpan);
  }

  Set<FunctionKey> faasCounts() {
    return new HashSet<>(faasCounts);
  }

  Set<FunctionKey> faasDurations() {
    return new HashSet<>(faasDurations);
  }

  /** A restored span time; a later one already known wins. */
  void restoreSpan(FunctionKey key, long receivedNanos) {
    lastSpan.merge(key, receivedNanos, Math::max);
  }

  /** Forgets functions no longer tracked and span times too old to matter. */
  void retain(Predicate<FunctionKey> tracked, long nowNanos) {
    lastSpan
        .entrySet()
        .removeIf(e -> !tracked.test(e.getKey()) || e.getValue() < nowNanos - spansWinNanos);
    lastPlatform
        .entrySet()
        .removeIf(e -> !tracked.test(e.getKey()) || e.getValue() < nowNanos - spansWinNanos);
    faasCounts.removeIf(k -> !tracked.test(k));
    faasDurations.removeIf(k -> !tracked.test(k));
    lastScrape
        .entrySet()
        .removeIf(e -> !tracked.test(e.getKey()) || e.getValue() < nowNanos - spansWinNanos);
    platformRequests.removeIf(k -> !tracked.test(k));
  }
}
