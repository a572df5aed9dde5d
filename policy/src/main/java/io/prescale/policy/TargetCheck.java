package io.prescale.policy;

import java.util.List;
import java.util.Map;

/**
 * Checks an adapter binding's {@code target} the way the adapter itself will ({@code prescale}
 * wires each adapter provider's own validation in), so a policy whose target is unusable is refused
 * with the target's file position instead of failing at runtime.
 */
@FunctionalInterface
public interface TargetCheck {
  /** Accepts every target (the loader without adapters on the class path). */
  TargetCheck NONE = (adapter, target) -> List.of();

  /** Problems of {@code target} for the adapter called {@code adapter}; empty when usable. */
  List<String> problems(String adapter, Map<String, String> target);
}
