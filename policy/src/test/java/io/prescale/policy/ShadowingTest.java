package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** Rules shadowed by an earlier, wider rule are warnings with the later rule's position. */
class ShadowingTest {

  static Policy load(String text) throws PolicyException {
    return PolicyLoader.standard().parse(text, "p.yaml");
  }

  @Test
  void widerEarlierRuleShadowsLaterOneEvenWithSchedules() throws Exception {
    Policy p =
        load(
            String.join(
                "\n",
                "policies:",
                "  - name: shop",
                "    match: { function: \"shop/*\", labels: { team: a } }",
                "    schedules:",
                "      - { days: mon-fri, from: \"08:00\", to: \"18:00\", timezone: UTC, minInstances: 5 }",
                "  - name: checkout",
                "    match: { function: \"shop/checkout-*\", labels: { team: a, tier: gold } }",
                "    minInstances: 2",
                ""));
    List<PolicyError> w = p.warnings();
    assertEquals(1, w.size(), w.toString());
    assertEquals(
        "p.yaml:6:5: policies[1]: warning: rule \"checkout\" is shadowed by policies[0] \"shop\" (line 2),"
            + " which matches every function it matches and comes first; it never applies",
        w.get(0).toString());
  }

  @Test
  void narrowerOrDisjointEarlierRulesDoNotWarn() throws Exception {
    Policy p =
        load(
            String.join(
                "\n",
                "policies:",
                "  - name: checkout", // narrower first: fine
                "    match: { function: \"shop/checkout-*\" }",
                "  - name: shop",
                "    match: { function: \"shop/*\" }",
                "  - name: labelled", // earlier needs a label the later lacks
                "    match: { labels: { tier: gold } }",
                "  - name: any-gold-less",
                "    match: { function: \"shop/cart\" }",
                ""));
    // "shop/cart" is covered by "shop/*" (policies[1]): that one warns, nothing else
    assertEquals(1, p.warnings().size(), p.warnings().toString());
    assertTrue(
        p.warnings()
            .get(0)
            .message()
            .contains("\"any-gold-less\" is shadowed by policies[1] \"shop\""),
        p.warnings().toString());
  }

  @Test
  void globCoverage() {
    assertTrue(Shadowing.covers(Glob.compile("*"), Glob.compile("a?b")));
    assertTrue(Shadowing.covers(Glob.compile("shop/*"), Glob.compile("shop/x*")));
    assertTrue(Shadowing.covers(Glob.compile("a?c"), Glob.compile("a?c")));
    assertFalse(Shadowing.covers(Glob.compile("shop/*"), Glob.compile("sho*")));
    assertFalse(
        Shadowing.covers(Glob.compile("*/x"), Glob.compile("a/x")), "only trailing * is compared");
    assertFalse(Shadowing.covers(Glob.compile("shop/a"), Glob.compile("shop/*")));
    Match any = new Match(List.of(), Map.of());
    Match some = new Match(List.of(Glob.compile("f")), Map.of());
    assertTrue(Shadowing.covers(any, some));
    assertFalse(Shadowing.covers(some, any));
  }

  @Test
  void targetCheckProblemsAreErrorsAtTheTarget() {
    PolicyLoader loader =
        PolicyLoader.standard()
            .withTargetCheck(
                (adapter, target) ->
                    target.containsKey("deployment")
                        ? List.of()
                        : List.of("adapter " + adapter + " needs deployment"));
    PolicyException e =
        Assertions.assertThrows(
            PolicyException.class,
            () ->
                loader.parse(
                    String.join(
                        "\n",
                        "defaults:",
                        "  adapter: { name: kubernetes, target: { namespace: shop } }",
                        ""),
                    "p.yaml"));
    assertEquals(
        "p.yaml:2:40: defaults.adapter.target: adapter kubernetes needs deployment",
        e.errors().get(0).toString());
  }
}
