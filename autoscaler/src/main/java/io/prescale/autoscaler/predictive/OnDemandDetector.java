package io.prescale.autoscaler.predictive;

/**
 * Whether the platform starts instances by itself when a request finds none free (on-demand:
 * Lambda, OpenWhisk, Azure Functions) or only when told (autoscaled: Knative, Kubernetes). The
 * decider is not told; it sees it: on an on-demand platform, instances appear that no decision
 * asked for (more ready instances than the largest recent decision). Once seen, it is remembered.
 *
 * <p>It matters for the price of a cold start ({@link WarmEconomics}): each platform's own
 * retention is what its operator already pays to avoid one.
 */
final class OnDemandDetector {
  /** How long a decided count covers instances still busy after a scale-down. */
  static final long MEMORY_SECONDS = 120;

  private final long[] at = new long[8];
  private final int[] desired = new int[8];
  private int next;
  private boolean onDemand;

  /**
   * Records the ready count seen at {@code nowSec}, before deciding, with the last decision
   * (negative before the first) and the concurrency of the last second. Idle instances above the
   * last decision that were kept, not removed at once, also mean on-demand (they linger for the
   * keep-alive, at least one horizon, longer than a tick).
   */
  void observe(long nowSec, int ready, int lastDesired, double lastConcurrency) {
    if (onDemand || ready == 0) {
      return;
    }
    if (lastDesired >= 0 && ready > lastDesired && lastConcurrency == 0) {
      onDemand = true;
      return;
    }
    int max = 0;
    boolean any = false;
    for (int i = 0; i < at.length; i++) {
      if (at[i] != 0 && at[i] > nowSec - MEMORY_SECONDS) {
        max = Math.max(max, desired[i]);
        any = true;
      }
    }
    if (any && ready > max) {
      onDemand = true;
    }
  }

  /** Records a decision (keeps the largest per 15-second slot, eight slots: two minutes). */
  void decided(long nowSec, int count) {
    int slot = (int) Math.floorMod(nowSec / 15, (long) at.length);
    long start = nowSec / 15 * 15;
    if (at[slot] != start) {
      at[slot] = start;
      desired[slot] = 0;
    }
    desired[slot] = Math.max(desired[slot], count);
  }

  boolean onDemand() {
    return onDemand;
  }
}
