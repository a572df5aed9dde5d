package io.prescale.adapter.engine;

import static io.prescale.adapter.engine.EngineFixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The bound on tracked targets is visible (metrics, audit, limits) and per-target series are
 * capped.
 */
class TargetBoundTest {
  private static final DeciderSpec SPEC =
      DeciderSpec.defaults().toBuilder().adapter(new AdapterBinding("fake", Map.of())).build();

  private static ScaleDecision decision(EngineFixture f, String function, int desired) {
    return ScaleDecision.of(
        FunctionKey.of(function),
        f.time.epochNanos(),
        desired,
        "test",
        "wants " + desired,
        Map.of());
  }

  private static List<ActionRecord> limitEntries(EngineFixture f) {
    return f.engine.audit().recent(100, r -> r.action().equals("target-limit"));
  }

  @Test
  void theDefaultBoundIsTheStoresFunctionBound() {
    assertEquals(100_000, EngineConfig.defaults().maxTargets());
    assertEquals(EngineConfig.DEFAULT_MAX_TARGETS, EngineConfig.defaults().maxTargets());
  }

  @Test
  void decisionsPastTheBoundAreCountedAndReportedOnceAMinute() {
    EngineFixture f = new EngineFixture(EngineConfig.defaults().withLimits(2, 4, 100));
    f.engine.send(SPEC, decision(f, "a", 1));
    f.engine.send(SPEC, decision(f, "b", 1));
    for (int i = 0; i < 5; i++) {
      f.engine.send(SPEC, decision(f, "c" + i, 1));
    }
    f.drive.settle();
    assertEquals(new TargetLimits(2, 2, 5), f.engine.limits());
    String text = f.scrape();
    assertTrue(
        text.contains("prescale_adapter_targets_rejected_total{adapter=\"fake\"} 5.0"), text);
    assertTrue(text.contains("prescale_adapter_targets 2.0"), text);
    assertTrue(text.contains("prescale_adapter_targets_max 2.0"), text);
    List<ActionRecord> entries = limitEntries(f);
    assertEquals(
        1,
        entries.size(),
        "one entry for the first refusal, then at most one a minute: " + entries);
    assertEquals("rejected", entries.get(0).outcome());
    assertTrue(entries.get(0).detail().contains("at most 2 targets"), entries.get(0).detail());
    assertTrue(entries.get(0).detail().contains("fake{function=c0}"), entries.get(0).detail());

    f.time.advance(s(61));
    f.engine.send(SPEC, decision(f, "c9", 1));
    entries = limitEntries(f);
    assertEquals(2, entries.size(), entries.toString());
    assertTrue(
        entries
            .get(0)
            .detail()
            .startsWith("5 decision(s) for new targets refused in the last 60 s"),
        entries.get(0).detail());
    assertEquals(6, f.engine.limits().rejected());
  }

  @Test
  void submitPastTheBoundStillAnswersRejected() {
    EngineFixture f = new EngineFixture(EngineConfig.defaults().withLimits(1, 4, 100));
    f.settled(f.submit(2));
    ScaleDecision other = decision(f, "other", 1);
    var outcome = f.settled(f.engine.submit(SPEC, other));
    assertEquals(Kind.REJECTED, outcome.kind());
    assertTrue(outcome.detail().contains("too many targets (max 1)"), outcome.detail());
  }

  @Test
  void actualCountsAreLookedUpPerFunction() {
    EngineFixture f = new EngineFixture();
    f.fake.configured = 4;
    f.engine.send(SPEC, decision(f, "a", 4));
    f.drive.settle();
    assertEquals(
        new ActualCounts(4, 4),
        f.engine.actual(FunctionKey.of("a")),
        "the fake reads ready = configured");
    assertNull(f.engine.actual(FunctionKey.of("b")));
  }

  @Test
  void actualInstancesHaveTheirOwnSeriesForTheBusiestFunctionsOnly() {
    EngineFixture f = new EngineFixture();
    f.fake.configured = 1;
    for (int i = 0; i < 1200; i++) {
      f.engine.send(SPEC, decision(f, String.format("fn-%04d", i), 1));
    }
    f.drive.settle();
    f.engine.rankFunctionsBy(
        name -> Long.parseLong(name.substring(3)), 200); // fn-1199 is the busiest
    String text = f.scrape();
    Matcher m =
        Pattern.compile("(?m)^prescale_actual_instances\\{[^}]*function=\"([^\"]+)\"[^}]*} (\\S+)$")
            .matcher(text);
    int series = 0;
    double other = -1;
    while (m.find()) {
      series++;
      if (m.group(1).equals("__other__")) {
        other = Double.parseDouble(m.group(2));
      } else {
        assertTrue(
            Integer.parseInt(m.group(1).substring(3)) >= 1000,
            "not among the 200 busiest: " + m.group(1));
      }
    }
    assertEquals(201, series, "200 busiest + __other__");
    assertEquals(1000.0, other, "the other 1000 functions' instances, summed");
  }
}
