package io.prescale.autoscaler.loop;

import java.time.Instant;

/**
 * What one {@link AutoscalerLoop#tick} did.
 *
 * @param at the tick time
 * @param decided functions decided (decision handed to the sink)
 * @param notDue functions skipped because their own {@code spec.tick()} had not elapsed
 * @param quiet functions skipped because their decider promised the same decision until later
 *     ({@link io.prescale.core.decide.Decider#quietUntilNanos}) and nothing was recorded for them,
 *     nor did their instances or spec change, since it was made
 * @param failed functions whose spec, decider or sink threw, or whose mode is unknown
 * @param removed functions forgotten because the source no longer tracks them
 * @param decideNanos total time spent in deciders, or 0 without a time source
 * @param maxDecideNanos longest single decision, or 0 without a time source
 * @param tickNanos wall time of the whole tick (observations, specs, deciders, sink), or 0 without
 *     a time source
 */
public record TickReport(
    Instant at,
    int decided,
    int notDue,
    int failed,
    int removed,
    long decideNanos,
    long maxDecideNanos,
    long tickNanos,
    int quiet) {

  /** A report without quiet functions. */
  public TickReport(
      Instant at,
      int decided,
      int notDue,
      int failed,
      int removed,
      long decideNanos,
      long maxDecideNanos,
      long tickNanos) {
    this(at, decided, notDue, failed, removed, decideNanos, maxDecideNanos, tickNanos, 0);
  }

  /** A report without the tick's wall time. */
  public TickReport(
      Instant at,
      int decided,
      int notDue,
      int failed,
      int removed,
      long decideNanos,
      long maxDecideNanos) {
    this(at, decided, notDue, failed, removed, decideNanos, maxDecideNanos, 0, 0);
  }
}
