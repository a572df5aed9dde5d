package io.prescale.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Warnings for rules that can never apply: a rule is shadowed by an earlier rule whose match
 * accepts every function the later one accepts, since the first matching rule wins. An earlier
 * match covers a later one when
 *
 * <ul>
 *   <li>its {@code function} globs are absent (any function), or each of the later rule's globs is
 *       covered by one of them, and
 *   <li>each of its labels is also a label of the later rule, with a covering value pattern.
 * </ul>
 *
 * A glob covers another when both are the same text, when it is {@code *}, or when it is a literal
 * prefix followed by one final {@code *} ({@code shop/*}) that the other starts with ({@code
 * shop/checkout-*}). Other patterns are not compared (no warning: a missed warning is better than a
 * false one). Schedules play no part: they never change which rule matches, only the settings of
 * the rule that did, so a covered rule is shadowed whatever either rule's schedules say.
 */
final class Shadowing {
  private Shadowing() {}

  static List<PolicyError> warnings(String file, List<Rule> rules) {
    List<PolicyError> out = new ArrayList<>();
    for (int j = 1; j < rules.size(); j++) {
      Rule later = rules.get(j);
      for (int i = 0; i < j; i++) {
        Rule earlier = rules.get(i);
        if (covers(earlier.match(), later.match())) {
          out.add(
              new PolicyError(
                  file,
                  later.pos() == null ? 0 : later.pos().line(),
                  later.pos() == null ? 0 : later.pos().column(),
                  "policies[" + j + "]",
                  "warning: rule \""
                      + later.name()
                      + "\" is shadowed by policies["
                      + i
                      + "] \""
                      + earlier.name()
                      + "\""
                      + (earlier.pos() == null ? "" : " (line " + earlier.pos().line() + ")")
                      + ", which matches every function it matches and comes first; it never applies"));
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  static boolean covers(Match earlier, Match later) {
    if (!earlier.functions().isEmpty()) {
      if (later.functions().isEmpty()) {
        return false;
      }
      for (Glob g : later.functions()) {
        if (earlier.functions().stream().noneMatch(e -> covers(e, g))) {
          return false;
        }
      }
    }
    for (Map.Entry<String, Glob> e : earlier.labels().entrySet()) {
      Glob g = later.labels().get(e.getKey());
      if (g == null || !covers(e.getValue(), g)) {
        return false;
      }
    }
    return true;
  }

  static boolean covers(Glob wide, Glob narrow) {
    String w = wide.text();
    if (w.equals(narrow.text()) || w.equals("*")) {
      return true;
    }
    String prefix = w.substring(0, w.length() - 1);
    return w.endsWith("*")
        && prefix.indexOf('*') < 0
        && prefix.indexOf('?') < 0
        && narrow.text().startsWith(prefix);
  }
}
