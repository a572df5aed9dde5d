package io.prescale.autoscaler.baseline;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The HPA controller's normalisation of a metric recommendation with the default {@code behavior}
 * (kubernetes {@code pkg/controller/podautoscaler/horizontal.go}: {@code
 * stabilizeRecommendationWithBehaviors} then {@code convertDesiredReplicasWithBehaviorRate}).
 *
 * <p>Defaults: scale-up stabilization 0 s, policies {Pods 4 / 15 s, Percent 100 / 15 s},
 * selectPolicy Max; scale-down stabilization 300 s, policy {Percent 100 / 15 s}. The stabilization
 * compares the unstabilised recommendations recorded at earlier syncs (strictly after {@code now -
 * window}, as Go's {@code After}); the rate limits use the scale events of the current policy
 * period. Shared by {@link HpaDecider} and {@link KedaDecider}. Not thread-safe.
 */
final class HpaBehavior {
  static final long SYNC_NANOS = 15_000_000_000L;
  static final double TOLERANCE = 0.1;
  private static final long UP_WINDOW_NANOS = 0;
  private static final long DOWN_WINDOW_NANOS = 300_000_000_000L;
  private static final long POLICY_PERIOD_NANOS = 15_000_000_000L;
  private static final int UP_PODS = 4;
  private static final int UP_PERCENT = 100;
  private static final int DOWN_PERCENT = 100;

  private record Sample(long atNanos, int replicas) {}

  private final ArrayDeque<Sample> recommendations = new ArrayDeque<>();
  private final ArrayDeque<Sample> scaleUps = new ArrayDeque<>();
  private final ArrayDeque<Sample> scaleDowns = new ArrayDeque<>();
  private String lastLimit = "";

  /**
   * The replicas the controller sets at {@code now} for metric recommendation {@code desired};
   * records the recommendation and, when the result differs from {@code current}, the scale event.
   */
  int normalize(long now, int current, int desired, int minReplicas, int maxReplicas) {
    int up = desired;
    int down = desired;
    for (Sample s : recommendations) {
      if (s.atNanos() > now - UP_WINDOW_NANOS) {
        up = Math.min(up, s.replicas());
      }
      if (s.atNanos() > now - DOWN_WINDOW_NANOS) {
        down = Math.max(down, s.replicas());
      }
    }
    int stabilized = current;
    if (stabilized < up) {
      stabilized = up;
    }
    if (stabilized > down) {
      stabilized = down;
    }
    recommendations.addLast(new Sample(now, desired));
    prune(recommendations, now - Math.max(UP_WINDOW_NANOS, DOWN_WINDOW_NANOS));
    prune(scaleUps, now - POLICY_PERIOD_NANOS);
    prune(scaleDowns, now - POLICY_PERIOD_NANOS);

    int result = stabilized;
    lastLimit = stabilized != desired ? "down-scale stabilization (max of last 300 s)" : "";
    int periodStart = current - sum(scaleUps) + sum(scaleDowns);
    if (stabilized > current) {
      int limit =
          Math.max(periodStart + UP_PODS, (int) Math.ceil(periodStart * (1 + UP_PERCENT / 100.0)));
      limit = Math.max(limit, current);
      int allowed = Math.min(maxReplicas, limit);
      if (stabilized > allowed) {
        lastLimit = allowed == limit ? "scale-up limit max(4 pods, 100 %) per 15 s" : "maxReplicas";
      }
      result = Math.min(allowed, stabilized);
    } else if (stabilized < current) {
      int limit = (int) (periodStart * (1 - DOWN_PERCENT / 100.0));
      limit = Math.min(limit, current);
      int allowed = Math.max(minReplicas, limit);
      if (stabilized < allowed) {
        lastLimit = allowed == limit ? "scale-down limit 100 % per 15 s" : "minReplicas";
      }
      result = Math.max(allowed, stabilized);
    }
    if (result > current) {
      scaleUps.addLast(new Sample(now, result - current));
    } else if (result < current) {
      scaleDowns.addLast(new Sample(now, current - result));
    }
    return result;
  }

  /** What limited the last {@link #normalize} result, or "" when nothing did. */
  String lastLimit() {
    return lastLimit;
  }

  private static void prune(ArrayDeque<Sample> samples, long cutoff) {
    for (Iterator<Sample> it = samples.iterator(); it.hasNext(); ) {
      if (it.next().atNanos() <= cutoff) {
        it.remove();
      } else {
        return;
      }
    }
  }

  private static int sum(ArrayDeque<Sample> samples) {
    int total = 0;
    for (Sample s : samples) {
      total += s.replicas();
    }
    return total;
  }
}
