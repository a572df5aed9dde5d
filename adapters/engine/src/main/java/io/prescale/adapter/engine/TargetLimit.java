package io.prescale.adapter.engine;

import io.prescale.adapter.spi.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bound on tracked targets ({@link EngineConfig#maxTargets()}) made visible: every refused
 * decision is counted ({@code prescale_adapter_targets_rejected_total{adapter}} and {@link
 * #rejected()}), and at the first refusal, then at most once per {@link #REPORT_EVERY}, one WARN
 * line and one audit entry (action {@code target-limit}, outcome {@code rejected}) say how many
 * were refused since the last report and which target was refused first. Guarded by the engine's
 * lock.
 */
final class TargetLimit {
  static final Duration REPORT_EVERY = Duration.ofMinutes(1);
  private static final Logger LOG = Logger.getLogger(ScalingEngine.class.getName());

  private final int max;
  private long rejected;
  private long unreported;
  private String firstUnreported;
  private long lastReportNanos;
  private boolean reported;

  TargetLimit(int max) {
    this.max = max;
  }

  int max() {
    return max;
  }

  /** Decisions refused since start. */
  long rejected() {
    return rejected;
  }

  /** Notes one refused decision for {@code target}; reports when due. */
  void refused(
      String function,
      Target target,
      int to,
      long nowNanos,
      Instant at,
      AdapterMetrics metrics,
      AuditLog audit) {
    String adapter = target.adapter();
    rejected++;
    unreported++;
    if (firstUnreported == null) {
      firstUnreported = target.id() + " (function " + function + ")";
    }
    metrics.targetRejected(adapter);
    if (reported && nowNanos - lastReportNanos < REPORT_EVERY.toNanos()) {
      return;
    }
    String detail =
        unreported
            + " decision(s) for new targets refused"
            + (reported ? " in the last " + REPORT_EVERY.toSeconds() + " s" : "")
            + ": the engine tracks at most "
            + max
            + " targets (EngineConfig.maxTargets); first refused: "
            + firstUnreported
            + "; "
            + rejected
            + " refused since start";
    LOG.log(Level.WARNING, detail);
    audit.append(at, function, adapter, target.id(), "target-limit", -1, to, "rejected", 0, detail);
    reported = true;
    lastReportNanos = nowNanos;
    unreported = 0;
    firstUnreported = null;
  }
}
