package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResolutionTest {
  private static final Instant MONDAY_NOON_UTC = Instant.parse("2026-11-23T12:00:00Z");
  private static final Instant SUNDAY_NOON_UTC = Instant.parse("2026-11-29T12:00:00Z");
  private static final String POLICY =
      String.join(
          "\n",
          "defaults:",
          "  maxInstances: 50",
          "  keepAlive: 5m",
          "  forecast: { quantile: 0.9 }",
          "policies:",
          "  - name: payments",
          "    match: { function: \"shop/pay-*\" }",
          "    mode: kpa",
          "  - name: shop",
          "    match: { function: \"shop/*\", labels: { k8s.namespace.name: shop, tier: \"fr?nt*\" } }",
          "    minInstances: 2",
          "    window: { stable: 30s }",
          "    adapter: { name: kubernetes, target: { namespace: shop, deployment: web } }",
          "    schedules:",
          "      - { days: mon-fri, from: \"09:00\", to: \"17:00\", minInstances: 4, maxInstances: 40 }",
          "  - name: everything-else",
          "    match: { function: \"*\" }",
          "    mode: keepalive",
          "");

  private static Policy policy() throws PolicyException {
    return PolicyLoader.standard().parse(POLICY, "p.yaml");
  }

  private static final Map<String, String> SHOP =
      Map.of("k8s.namespace.name", "shop", "tier", "front-end");

  @Test
  void builtInWhenNothingIsGiven() throws PolicyException {
    Policy p = PolicyLoader.standard().parse("policies: []\n", "p.yaml");
    assertEquals(DeciderSpec.defaults(), p.resolve(FunctionKey.of("f"), Map.of(), MONDAY_NOON_UTC));
    assertEquals(
        DeciderSpec.defaults(),
        PolicyProvider.builtIn().specFor(FunctionKey.of("f"), Map.of(), MONDAY_NOON_UTC));
  }

  @Test
  void scheduleOverRuleOverDefaultsOverBuiltIn() throws PolicyException {
    DeciderSpec s = policy().resolve(FunctionKey.of("shop/cart"), SHOP, MONDAY_NOON_UTC);
    assertEquals("shop", s.rule());
    assertEquals(4, s.minInstances()); // schedule
    assertEquals(40, s.maxInstances()); // schedule over defaults
    assertEquals(Duration.ofSeconds(30), s.stableWindow()); // rule
    assertEquals(
        new AdapterBinding("kubernetes", Map.of("namespace", "shop", "deployment", "web")),
        s.adapter());
    assertEquals(Duration.ofMinutes(5), s.keepAlive()); // defaults
    assertEquals(0.9, s.forecast().quantile()); // defaults, nested
    assertNull(s.forecast().horizon()); // built-in auto
    assertEquals(
        DeciderSpec.defaults().panicWindowPercentage(), s.panicWindowPercentage()); // built-in
    DeciderSpec weekend = policy().resolve(FunctionKey.of("shop/cart"), SHOP, SUNDAY_NOON_UTC);
    assertEquals(2, weekend.minInstances());
    assertEquals(50, weekend.maxInstances());
  }

  @Test
  void firstMatchingRuleWins() throws PolicyException {
    assertEquals(
        "payments",
        policy().resolve(FunctionKey.of("shop/pay-card"), SHOP, MONDAY_NOON_UTC).rule());
    assertEquals(
        "kpa", policy().resolve(FunctionKey.of("shop/pay-card"), SHOP, MONDAY_NOON_UTC).mode());
  }

  @Test
  void labelsMustAllBePresentAndMatch() throws PolicyException {
    Policy p = policy();
    assertEquals(
        "everything-else",
        p.resolve(
                FunctionKey.of("shop/cart"), Map.of("k8s.namespace.name", "shop"), MONDAY_NOON_UTC)
            .rule());
    assertEquals(
        "everything-else",
        p.resolve(
                FunctionKey.of("shop/cart"),
                Map.of("k8s.namespace.name", "shop", "tier", "backend"),
                MONDAY_NOON_UTC)
            .rule());
    assertEquals(
        "shop",
        p.resolve(
                FunctionKey.of("shop/cart"),
                Map.of("k8s.namespace.name", "shop", "tier", "frxnt"),
                MONDAY_NOON_UTC)
            .rule());
  }

  @Test
  void globStarCrossesSlashesAndQuestionMarkIsOneCharacter() {
    assertTrue(Glob.compile("shop/*").matches("shop/a/b"));
    assertTrue(Glob.compile("*").matches("any/thing"));
    assertTrue(Glob.compile("f?o").matches("foo"));
    assertFalse(Glob.compile("f?o").matches("fo"));
    assertFalse(Glob.compile("a.c").matches("abc"));
    assertTrue(Glob.compile("a.c+[x]").matches("a.c+[x]"));
  }

  @Test
  void defaultsApplyWhenNoRuleMatches() throws PolicyException {
    Policy p =
        PolicyLoader.standard()
            .parse(
                "defaults: { maxInstances: 7 }\npolicies:\n  - name: a\n    match: { function: x }\n    minInstances: 1\n",
                "p.yaml");
    DeciderSpec s = p.resolve(FunctionKey.of("y"), Map.of(), MONDAY_NOON_UTC);
    assertEquals("defaults", s.rule());
    assertEquals(7, s.maxInstances());
  }

  @Test
  void resolvingTwiceGivesTheSameInstance() throws PolicyException {
    Policy p = policy();
    assertSame(
        p.resolve(FunctionKey.of("shop/cart"), SHOP, MONDAY_NOON_UTC),
        p.resolve(FunctionKey.of("shop/cart"), SHOP, MONDAY_NOON_UTC.plusSeconds(60)));
  }

  @Test
  void explainNamesTheRuleTheSkippedRulesAndEverySource() throws PolicyException {
    Explanation e = policy().explain(FunctionKey.of("shop/cart"), SHOP, MONDAY_NOON_UTC);
    assertEquals("shop (policies[1])", e.rule());
    assertEquals(
        List.of("payments (policies[0]): function \"shop/cart\" does not match \"shop/pay-*\""),
        e.skipped());
    assertEquals(List.of("schedule 1 of rule shop (mon-fri 09:00-17:00 UTC): open"), e.schedules());
    Map<String, String> sources = new HashMap<>();
    for (Explanation.Line l : e.settings()) {
      sources.put(l.key(), l.source() + " = " + l.value());
    }
    assertEquals("schedule 1 of rule shop = 4", sources.get("minInstances"));
    assertEquals("schedule 1 of rule shop = 40", sources.get("maxInstances"));
    assertEquals("rule shop = 30s", sources.get("window.stable"));
    assertEquals("defaults = 5m", sources.get("keepAlive"));
    assertEquals("defaults = 0.9", sources.get("forecast.quantile"));
    assertEquals("built-in = predictive", sources.get("mode"));
    assertEquals("rule shop = kubernetes {deployment=web, namespace=shop}", sources.get("adapter"));
    assertEquals(Setting.values().length, e.settings().size());
    assertTrue(
        e.render()
            .contains(
                "  skipped  payments (policies[0]): function \"shop/cart\" does not match \"shop/pay-*\"\n"));

    Explanation label =
        policy().explain(FunctionKey.of("shop/cart"), Map.of("tier", "front"), MONDAY_NOON_UTC);
    assertEquals(
        "shop (policies[1]): label k8s.namespace.name is absent (wanted \"shop\")",
        label.skipped().get(1));
    assertEquals("everything-else (policies[2])", label.rule());
  }
}
