package io.prescale.simulator.platform;

/**
 * One function's platform parameters.
 *
 * @param concurrency requests one instance serves at once, {@code >= 1}
 * @param coldStartNanos time from starting an instance until it is ready, {@code >= 0}
 */
public record PoolConfig(int concurrency, long coldStartNanos) {
  public PoolConfig {
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency = " + concurrency + ", must be in [1; 2147483647]");
    }
    if (coldStartNanos < 0) {
      throw new IllegalArgumentException("coldStartNanos = " + coldStartNanos + ", must be >= 0");
    }
  }
}
