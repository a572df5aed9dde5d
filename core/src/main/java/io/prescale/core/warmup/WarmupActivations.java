package io.prescale.core.warmup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Activation ids of warm-up invocations an adapter started (the {@code openwhisk} adapter's
 * non-blocking warm-up POSTs answer with their activation id), so that a telemetry source that
 * reads activation records (the {@code openwhisk} source) can leave them out of the function's
 * traffic: a warm-up is capacity Prescale bought, not demand. Bounded: at most {@link #capacity()}
 * ids, the oldest forgotten first ({@link #forgotten()} counts them). Thread-safe.
 *
 * <p>{@link #shared()} is the process-wide instance that {@code prescale run} wires both sides to
 * (the adapter is created by its provider, the source by its component, and they share no other
 * object); tests make their own.
 */
public final class WarmupActivations {
  /** Ids kept by the shared instance: hours of warm-ups for thousands of functions. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private static final WarmupActivations SHARED = new WarmupActivations(DEFAULT_CAPACITY);

  private final int capacity;
  private final Map<String, Boolean> ids;
  private long forgotten;

  public WarmupActivations(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity = " + capacity + ", must be >= 1");
    }
    this.capacity = capacity;
    this.ids =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            if (size() > WarmupActivations.this.capacity) {
              forgotten++;
              return true;
            }
            return false;
          }
        };
  }

  /** The process-wide instance. */
  public static WarmupActivations shared() {
    return SHARED;
  }

  /** Remembers a warm-up's activation id (blank ids are ignored). */
  public synchronized void add(String activationId) {
    if (activationId != null && !activationId.isBlank()) {
      ids.put(activationId, Boolean.TRUE);
    }
  }

  /** Whether {@code activationId} was started as a warm-up (and is still remembered). */
  public synchronized boolean contains(String activationId) {
    return activationId != null && ids.containsKey(activationId);
  }

  /** Ids remembered now. */
  public synchronized int size() {
    return ids.size();
  }

  /** Ids forgotten because more than {@link #capacity()} were remembered. */
  public synchronized long forgotten() {
    return forgotten;
  }

  public int capacity() {
    return capacity;
  }
}
