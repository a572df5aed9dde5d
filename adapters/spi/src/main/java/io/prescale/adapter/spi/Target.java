package io.prescale.adapter.spi;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One binding target: the adapter's name and the policy's {@code target} map, for example {@code
 * kubernetes {namespace=shop, deployment=checkout}}. Two bindings with equal maps are the same
 * target: the engine coalesces decisions per {@link #id()}.
 */
public record Target(String adapter, Map<String, String> values) {

  public Target {
    Objects.requireNonNull(adapter, "adapter");
    values = Map.copyOf(Objects.requireNonNull(values, "values"));
  }

  public static Target of(String adapter, Map<String, String> values) {
    return new Target(adapter, values);
  }

  /** Stable identity, e.g. {@code kubernetes{deployment=checkout, namespace=shop}}. */
  public String id() {
    return adapter + new TreeMap<>(values);
  }

  /** The value of {@code key}, or {@code fallback} when absent or blank. */
  public String get(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  /** The value of {@code key}; the error names the adapter, the key and what is there. */
  public String require(String key) {
    String v = get(key, null);
    if (v == null) {
      throw new IllegalArgumentException(
          "adapter "
              + adapter
              + " target key '"
              + key
              + "' is missing or blank; target has "
              + new TreeMap<>(values).keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    return id();
  }
}
