package io.prescale.simulator.platform;

import java.util.ArrayList;
import java.util.List;

/** Records what a pool reports. */
final class RecordingListener implements PoolListener {
  final List<long[]> dispatched = new ArrayList<>();
  final List<long[]> completed = new ArrayList<>();
  final List<String> lifecycle = new ArrayList<>();

  @Override
  public void dispatched(long arrivalNanos, long startNanos, boolean cold) {
    dispatched.add(new long[] {arrivalNanos, startNanos, cold ? 1 : 0});
  }

  @Override
  public void completed(
      long arrivalNanos, long startNanos, long endNanos, boolean cold, int instance) {
    completed.add(new long[] {arrivalNanos, startNanos, endNanos, cold ? 1 : 0, instance});
  }

  @Override
  public void lifecycle(Lifecycle event, int instance, long atNanos) {
    lifecycle.add(event + "#" + instance + "@" + atNanos / 1_000_000_000L);
  }

  long colds() {
    return dispatched.stream().filter(d -> d[2] == 1).count();
  }
}
