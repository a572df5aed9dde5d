package io.prescale.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which functions a rule applies to: the function key matches one of the globs (none given: any
 * function) and every listed label is present with a matching value.
 */
record Match(List<Glob> functions, Map<String, Glob> labels) {
  static final Match ANY = new Match(List.of(), Map.of());

  Match {
    functions = List.copyOf(functions);
    labels = Map.copyOf(labels);
  }

  boolean matches(String function, Map<String, String> fnLabels) {
    if (!functions.isEmpty()) {
      boolean any = false;
      for (Glob g : functions) {
        if (g.matches(function)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    for (Map.Entry<String, Glob> e : labels.entrySet()) {
      String v = fnLabels.get(e.getKey());
      if (v == null || !e.getValue().matches(v)) {
        return false;
      }
    }
    return true;
  }

  /** Why {@code function} does not match, or empty when it does. */
  Optional<String> whyNot(String function, Map<String, String> fnLabels) {
    if (!functions.isEmpty() && functions.stream().noneMatch(g -> g.matches(function))) {
      return Optional.of(
          "function \""
              + function
              + "\" does not match "
              + (functions.size() == 1
                  ? functions.get(0).toString()
                  : "any of "
                      + functions.stream().map(Glob::toString).collect(Collectors.joining(", "))));
    }
    for (Map.Entry<String, Glob> e : new TreeMap<>(labels).entrySet()) {
      String v = fnLabels.get(e.getKey());
      if (v == null) {
        return Optional.of("label " + e.getKey() + " is absent (wanted " + e.getValue() + ")");
      }
      if (!e.getValue().matches(v)) {
        return Optional.of(
            "label " + e.getKey() + " = \"" + v + "\" does not match " + e.getValue());
      }
    }
    return Optional.empty();
  }
}
