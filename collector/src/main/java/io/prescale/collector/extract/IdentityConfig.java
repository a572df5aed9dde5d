package io.prescale.collector.extract;

import java.util.List;
import java.util.Objects;

/**
 * How a function key is built from attributes. The name is the first of {@code nameKeys} present
 * (span attribute first, then resource attribute); when one of {@code prefixKeys} is present too,
 * the key is {@code <prefix>/<name>}, else just the name. Names starting with {@code
 * unknown_service} (the SDK default when no service name was configured) do not count.
 *
 * @param nameKeys default {@code faas.name}, {@code kn.service.name} (the Knative Service a
 *     queue-proxy reports for, so its pods are keyed {@code <namespace>/<service>} as the {@code
 *     knative} adapter's targets name them), {@code service.name}
 * @param prefixKeys default {@code k8s.namespace.name}, {@code cloud.region}
 */
public record IdentityConfig(List<String> nameKeys, List<String> prefixKeys) {
  public IdentityConfig {
    nameKeys = List.copyOf(Objects.requireNonNull(nameKeys, "nameKeys"));
    prefixKeys = List.copyOf(Objects.requireNonNull(prefixKeys, "prefixKeys"));
    if (nameKeys.isEmpty()) {
      throw new IllegalArgumentException("nameKeys = [], must hold at least one attribute name");
    }
  }

  public static IdentityConfig defaults() {
    return new IdentityConfig(
        List.of("faas.name", "kn.service.name", "service.name"),
        List.of("k8s.namespace.name", "cloud.region"));
  }
}
