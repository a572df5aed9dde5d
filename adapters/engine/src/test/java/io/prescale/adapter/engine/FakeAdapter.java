package io.prescale.adapter.engine;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A scripted platform: holds a configured count and bounds, answers at once, and fails calls as
 * told. {@code landsDespiteFailure} makes the next failed apply change the platform anyway (a
 * timeout after the change landed).
 */
final class FakeAdapter implements ScalingAdapter {
  int configured;
  int floor;
  int ceiling = Integer.MAX_VALUE;
  int reads;
  final List<Integer> attempts = new ArrayList<>();
  final List<Integer> landed = new ArrayList<>();
  final Deque<RuntimeException> applyFailures = new ArrayDeque<>();
  final Deque<RuntimeException> readFailures = new ArrayDeque<>();
  boolean landsDespiteFailure;
  CompletableFuture<ApplyOutcome> held;
  boolean hold;
  CompletableFuture<ActualState> heldRead;
  boolean holdReads;

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public List<String> validate(Target target) {
    return target.values().containsKey("bad") ? List.of("key 'bad' is not allowed") : List.of();
  }

  @Override
  public synchronized CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    attempts.add(desired.instances());
    RuntimeException failure = applyFailures.poll();
    if (failure != null) {
      if (landsDespiteFailure) {
        landsDespiteFailure = false;
        land(desired.instances());
      }
      return CompletableFuture.failedFuture(failure);
    }
    int before = configured;
    if (hold) {
      held = new CompletableFuture<>();
      return held.thenApply(
          o -> {
            land(desired.instances());
            return o;
          });
    }
    land(desired.instances());
    return CompletableFuture.completedFuture(
        ApplyOutcome.scaled(before, desired.instances(), "set"));
  }

  private synchronized void land(int n) {
    configured = n;
    landed.add(n);
  }

  @Override
  public synchronized CompletionStage<ActualState> read(Target target) {
    reads++;
    RuntimeException failure = readFailures.poll();
    if (failure != null) {
      return CompletableFuture.failedFuture(failure);
    }
    if (holdReads) {
      heldRead = new CompletableFuture<>();
      return heldRead;
    }
    return CompletableFuture.completedFuture(
        new ActualState(configured, configured, floor, ceiling));
  }

  static AdapterException status(int status) {
    return AdapterException.forStatus(status, null, "scripted");
  }

  static AdapterException throttled(Duration retryAfter) {
    return AdapterException.forStatus(429, retryAfter, "slow down");
  }
}
