package io.prescale.collector.lambda;

/**
 * One invocation as the Lambda service reports it: a Telemetry API {@code platform.report} event or
 * a CloudWatch Logs {@code REPORT} line. Durations in milliseconds; an absent optional duration is
 * {@code NaN}.
 *
 * @param requestId the invocation's request id
 * @param endNanos when the report was written (the invocation's end), epoch nanoseconds
 * @param durationMs {@code durationMs} / {@code Duration}
 * @param billedDurationMs {@code billedDurationMs} / {@code Billed Duration}, 0 when absent
 * @param memorySizeMb {@code memorySizeMB} / {@code Memory Size}, 0 when absent
 * @param maxMemoryUsedMb {@code maxMemoryUsedMB} / {@code Max Memory Used}, 0 when absent
 * @param initDurationMs {@code initDurationMs} / {@code Init Duration}: present only on the first
 *     invocation of an environment initialised on demand
 * @param restoreDurationMs {@code restoreDurationMs} / {@code Restore Duration}: present only on
 *     the first invocation of an environment restored from a SnapStart snapshot
 * @param status {@code success}, {@code error}, {@code failure} or {@code timeout}
 */
public record LambdaReport(
    String requestId,
    long endNanos,
    double durationMs,
    long billedDurationMs,
    long memorySizeMb,
    long maxMemoryUsedMb,
    double initDurationMs,
    double restoreDurationMs,
    String status) {
  /** Longest duration taken (a day; Lambda stops an invocation after 15 minutes). */
  static final double MAX_MS = 86_400_000;

  /** Largest memory size taken, MB (Lambda allows 10,240). */
  static final long MAX_MB = 1_048_576;

  /**
   * Whether the invocation waited for a new execution environment: an on-demand initialisation
   * ({@code Init Duration}) or a SnapStart restore ({@code Restore Duration}, which AWS counts into
   * the cold start). Provisioned-concurrency environments are initialised ahead of any request, so
   * their reports carry neither.
   */
  public boolean coldStart() {
    return !Double.isNaN(initDurationMs) || !Double.isNaN(restoreDurationMs);
  }

  /** The time the request waited for its environment, ms ({@code NaN} when warm). */
  public double startupMs() {
    if (!Double.isNaN(initDurationMs)) {
      return initDurationMs;
    }
    return restoreDurationMs;
  }

  /** Any status but {@code success} (a function error, a runtime failure, a timeout). */
  public boolean error() {
    return !"success".equals(status);
  }
}
