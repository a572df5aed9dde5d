package io.prescale.adapter.engine;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt n waits {@code min(max, initial * 2^(n-1))} scaled by a
 * random factor in {@code [1 - jitter, 1 + jitter]}, and never less than a server's Retry-After.
 */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final double jitter;
  private final DoubleSupplier random;

  Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.jitter = jitter;
    this.random = random;
  }

  Duration delay(int attempt, Duration retryAfter) {
    double base = initial.toNanos() * Math.pow(2, Math.max(0, attempt - 1));
    base = Math.min(base, max.toNanos());
    double factor = 1 - jitter + 2 * jitter * random.getAsDouble();
    Duration d = Duration.ofNanos((long) (base * factor));
    if (retryAfter != null && retryAfter.compareTo(d) > 0) {
      return retryAfter;
    }
    return d;
  }
}
