package io.prescale.core.decide;

import java.util.Map;
import java.util.Objects;

/**
 * Which adapter applies a function's decisions, and its target (for example {@code {namespace:
 * shop, deployment: checkout}} for the {@code kubernetes} adapter).
 */
public record AdapterBinding(String name, Map<String, String> target) {
  public static final AdapterBinding DRY_RUN = new AdapterBinding("dry-run", Map.of());

  public AdapterBinding {
    Objects.requireNonNull(name, "name");
    target = Map.copyOf(Objects.requireNonNull(target, "target"));
  }
}
