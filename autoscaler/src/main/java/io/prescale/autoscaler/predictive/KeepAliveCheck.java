package io.prescale.autoscaler.predictive;

/**
 * The first instance the decider holds, compared gap by gap with the platform's own fixed retention
 * {@code K} on the same idle gaps (those of the idle-time model): the operator's keep-alive on an
 * on-demand platform, Knative's stable window plus scale-to-zero grace on an autoscaled one ({@link
 * WarmEconomics#retentionSeconds}). Each side scores the cold starts it paid when a gap ended,
 * priced at the policy's {@code W} (instance-seconds), plus the idle instance-seconds it held
 * during the gap: the keep-alive {@code min(gap, K)}, and a cold start when {@code gap > K}; the
 * decider what was ready at each tick while idle, and a cold start when nothing was ready or asked
 * for at the last tick before the gap ended. The decider's side is measured at tick resolution, so
 * it is credited one tick per gap. While its score is the worse one, the decider holds its first
 * instance as the keep-alive would ({@link PredictiveDecider}): it is then no worse on this
 * function than what the operator runs without it, by about one cold start at most, and its own
 * rules take over again once the keep-alive's score falls behind. Sums since the decider was
 * created; gaps read from history before it (a restart) are not scored, since it held nothing then.
 */
final class KeepAliveCheck {
  private double own;
  private double fixed;
  private double idleHeld;
  private long lastTick = Long.MIN_VALUE;
  private int lastReady;
  private int lastDesired;
  private boolean lastIdle;
  private double weight = Double.NaN;
  private double keepAlive = Double.NaN;
  private double tick;

  /**
   * One decision tick, before this tick's decision: {@code ready} instances, the decider's own
   * previous decision, whether the function is idle (no request in flight in the last second), the
   * price of a cold start, the operator's keep-alive and the tick, seconds.
   */
  void tick(
      long nowSec,
      int ready,
      int previousDesired,
      boolean idle,
      double weightSeconds,
      double keepAliveSeconds,
      double tickSeconds) {
    if (lastTick != Long.MIN_VALUE && lastIdle && idle) {
      idleHeld += Math.min(lastReady, 1) * (double) (nowSec - lastTick);
    }
    if (!idle) {
      idleHeld = 0;
    }
    lastTick = nowSec;
    lastReady = ready;
    lastDesired = previousDesired;
    lastIdle = idle;
    weight = weightSeconds;
    keepAlive = keepAliveSeconds;
    tick = tickSeconds;
  }

  /** An idle gap of {@code seconds} just ended (an arrival came). */
  void gapEnded(double seconds) {
    if (lastTick == Long.MIN_VALUE || Double.isNaN(weight)) {
      return; // before the first tick: nothing held, nothing to compare
    }
    fixed += (seconds > keepAlive ? weight + keepAlive : seconds) + tick;
    own += (lastReady == 0 && lastDesired <= 0 ? weight : 0) + idleHeld;
    idleHeld = 0;
  }

  /** Whether the decider's own releases have cost more than the keep-alive so far. */
  boolean worse() {
    return own > fixed;
  }

  /** The decider's score so far, instance-seconds. */
  double ownScore() {
    return own;
  }

  /** The keep-alive's score so far (with the decider's tick credit), instance-seconds. */
  double keepAliveScore() {
    return fixed;
  }
}
