package io.prescale.collector.window;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Bounds of the {@link FunctionStore}.
 *
 * @param maxFunctions functions tracked at once (default 100,000); past it new functions are
 *     refused
 * @param idleTimeout a function with no data for this long is evicted (default 24 hours)
 * @param labelKeys resource attributes kept per function for policy matching
 */
public record StoreConfig(int maxFunctions, Duration idleTimeout, List<String> labelKeys) {
  public static final List<String> DEFAULT_LABEL_KEYS =
      List.of(
          "k8s.namespace.name", "cloud.region", "cloud.platform", "faas.version", "service.name");

  public StoreConfig {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    labelKeys = List.copyOf(Objects.requireNonNull(labelKeys, "labelKeys"));
    if (maxFunctions < 1 || maxFunctions > 10_000_000) {
      throw new IllegalArgumentException(
          "maxFunctions = " + maxFunctions + ", must be in [1; 10000000]");
    }
    if (idleTimeout.getSeconds() < 1) {
      throw new IllegalArgumentException(
          "idleTimeout = " + Durations.format(idleTimeout) + ", must be in [1s; inf)");
    }
    if (labelKeys.size() > 32) {
      throw new IllegalArgumentException(
          "labelKeys has " + labelKeys.size() + " keys, must be in [0; 32]");
    }
  }

  public static StoreConfig defaults() {
    return new StoreConfig(100_000, Duration.ofHours(24), DEFAULT_LABEL_KEYS);
  }

  /**
   * The labels kept of a function's resource {@code attributes}: those of {@link #labelKeys}, each
   * value cut to {@link FunctionStore#MAX_LABEL_LENGTH} characters.
   */
  public Map<String, String> pickLabels(Map<String, String> attributes) {
    Map<String, String> picked = null;
    for (String k : labelKeys) {
      String v = attributes.get(k);
      if (v != null) {
        if (picked == null) {
          picked = new HashMap<>(4);
        }
        int max = FunctionStore.MAX_LABEL_LENGTH;
        picked.put(k, v.length() > max ? v.substring(0, max) : v);
      }
    }
    return picked == null ? Map.of() : Map.copyOf(picked);
  }

  public StoreConfig withMaxFunctions(int v) {
    return new StoreConfig(v, idleTimeout, labelKeys);
  }

  public StoreConfig withIdleTimeout(Duration v) {
    return new StoreConfig(maxFunctions, v, labelKeys);
  }
}
