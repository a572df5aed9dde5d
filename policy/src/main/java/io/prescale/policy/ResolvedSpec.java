package io.prescale.policy;

import io.prescale.core.decide.DeciderSpec;
import java.util.Map;

/**
 * A fully resolved spec (built-in, then defaults, then a rule, then one of its schedules) and which
 * layer each setting came from. Built once per load; resolution only picks one.
 */
record ResolvedSpec(DeciderSpec spec, Map<Setting, String> sources) {
  ResolvedSpec {
    sources = Map.copyOf(sources);
  }
}
