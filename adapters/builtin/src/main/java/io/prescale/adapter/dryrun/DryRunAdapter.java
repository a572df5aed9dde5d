package io.prescale.adapter.dryrun;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what it would do and changes nothing: the default adapter. It remembers the last count
 * per target so the engine skips repeats, and keeps the last {@value #KEPT} applies for tests.
 */
public final class DryRunAdapter implements ScalingAdapter {
  static final int KEPT = 1000;
  private final Map<String, Integer> set = new ConcurrentHashMap<>();
  private final List<DesiredState> applied = new ArrayList<>();

  @Override
  public String name() {
    return DryRunProvider.NAME;
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    Integer before = set.put(target.id(), desired.instances());
    synchronized (applied) {
      if (applied.size() == KEPT) {
        applied.remove(0);
      }
      applied.add(desired);
    }
    return CompletableFuture.completedFuture(
        ApplyOutcome.scaled(
            before == null ? -1 : before,
            desired.instances(),
            "dry-run: would set " + desired.instances() + ", nothing changed"));
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    Integer n = set.get(target.id());
    return CompletableFuture.completedFuture(
        n == null ? ActualState.UNKNOWN : ActualState.of(n, -1));
  }

  /** The applies recorded so far, oldest first. */
  public List<DesiredState> applied() {
    synchronized (applied) {
      return List.copyOf(applied);
    }
  }
}
