package io.prescale.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.loop.TickReport;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The autoscaler series the dashboards read, as Prometheus text. */
class DecisionMetricsTest {

  static String scrape(PrometheusRegistry r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, r.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void decisionsBecomeCountsAndTicksBecomeDurationsAndThePeriodRatio() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DecisionMetrics m = new DecisionMetrics(registry, Duration.ofSeconds(2));
    List<ScaleDecision> passed = new ArrayList<>();
    var sink = m.wrap((d, spec) -> passed.add(d));
    sink.accept(
        ScaleDecision.of(FunctionKey.of("shop/checkout"), 0L, 4, "predictive", "r", Map.of()),
        null);
    sink.accept(
        ScaleDecision.notReady(FunctionKey.of("shop/checkout"), 0L, "kpa", "warming up"), null);
    m.tick(new TickReport(Instant.EPOCH, 3, 1, 0, 0, 2_000_000, 1_000_000, 500_000_000));

    assertEquals(2, passed.size(), "every decision reaches the next sink");
    String text = scrape(registry);
    assertTrue(
        text.contains(
            "prescale_autoscaler_decisions_total{decider=\"predictive\",valid=\"true\"} 1.0"),
        text);
    assertTrue(
        text.contains("prescale_autoscaler_decisions_total{decider=\"kpa\",valid=\"false\"} 1.0"),
        text);
    assertTrue(text.contains("prescale_autoscaler_tick_seconds_bucket{le=\"0.0025\"} 1"), text);
    assertTrue(
        text.contains("prescale_autoscaler_tick_duration_seconds_bucket{le=\"0.5\"} 1"), text);
    assertTrue(
        text.contains("prescale_autoscaler_tick_duration_seconds_bucket{le=\"0.25\"} 0"), text);
    assertTrue(text.contains("prescale_autoscaler_tick_period_ratio 0.25"), text);
    assertTrue(text.contains("prescale_autoscaler_tick_functions{state=\"decided\"} 3.0"), text);
  }

  @Test
  void latestDecisionsBecomeDesiredAndForecastSeries() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    List<ScaleDecision> latest =
        List.of(
            ScaleDecision.of(
                FunctionKey.of("shop/checkout"),
                0L,
                4,
                "predictive",
                "r",
                Map.of("forecastArrivalsPerSecond", 12.5, "forecastErrorRatio", 0.2)),
            ScaleDecision.notReady(FunctionKey.of("resize"), 0L, "kpa", "warming up"));
    registry.register(new FunctionDecisionSeries(latest::forEach, f -> 0, 200));
    String text = scrape(registry);
    assertTrue(
        text.contains(
            "prescale_desired_instances{function=\"shop/checkout\",namespace=\"shop\"} 4.0"),
        text);
    assertTrue(
        text.contains(
            "prescale_forecast_arrivals_per_second{function=\"shop/checkout\",namespace=\"shop\"} 12.5"),
        text);
    assertTrue(
        text.contains(
            "prescale_forecast_error_ratio{function=\"shop/checkout\",namespace=\"shop\"} 0.2"),
        text);
    assertFalse(
        text.contains("resize"), "a decision that is not valid has no desired count: " + text);
    assertFalse(text.contains("{function=\"__other__\"}"), "nothing past the cap: " + text);
  }

  @Test
  void withThousandsOfFunctionsEachPerFunctionSeriesHasAtMostTopNPlusOther() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    List<ScaleDecision> latest = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      latest.add(
          ScaleDecision.of(
              FunctionKey.of(String.format("fn-%04d", i)),
              0L,
              2,
              "predictive",
              "r",
              Map.of("forecastArrivalsPerSecond", 1.0, "forecastErrorRatio", 0.5)));
    }
    // fn-1499 is the busiest: the 200 busiest are fn-1300 .. fn-1499
    registry.register(
        new FunctionDecisionSeries(
            latest::forEach, name -> Long.parseLong(name.substring(3)), 200));
    String text = scrape(registry);
    Map<String, Integer> perName = new TreeMap<>();
    Matcher m = Pattern.compile("(?m)^(\\w+)\\{function=\"([^\"]+)\"} (\\S+)$").matcher(text);
    while (m.find()) {
      perName.merge(m.group(1), 1, Integer::sum);
      if (!m.group(2).equals("__other__")) {
        assertTrue(
            Integer.parseInt(m.group(2).substring(3)) >= 1300,
            "not among the busiest: " + m.group());
      }
    }
    assertEquals(
        Map.of(
            "prescale_desired_instances",
            201,
            "prescale_forecast_arrivals_per_second",
            201,
            "prescale_forecast_error_ratio",
            200),
        perName);
    assertTrue(
        text.contains("prescale_desired_instances{function=\"__other__\"} 2600.0"),
        "1300 x 2 summed: " + text);
    assertTrue(
        text.contains("prescale_forecast_arrivals_per_second{function=\"__other__\"} 1300.0"),
        text);
  }
}
