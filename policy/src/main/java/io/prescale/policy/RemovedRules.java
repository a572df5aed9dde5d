package io.prescale.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Which rules of the active policy a new version drops, by name, in the active order. */
final class RemovedRules {
  private RemovedRules() {}

  static List<String> between(List<String> active, List<String> next) {
    Set<String> kept = new HashSet<>(next);
    List<String> removed = new ArrayList<>();
    for (String name : active) {
      if (!kept.contains(name)) {
        removed.add(name);
      }
    }
    return List.copyOf(removed);
  }
}
