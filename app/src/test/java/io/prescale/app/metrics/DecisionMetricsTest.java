package io.prescale.app.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.loop.TickReport;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autoscaler series the dashboards read, as Prometheus text. */
class DecisionMetricsTest {

  static String scrape(PrometheusRegistry r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, r.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void decisionsBecomeDesiredForecastAndCounts() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DecisionMetrics m = new DecisionMetrics(registry);
    List<ScaleDecision> passed = new ArrayList<>();
    var sink = m.wrap((d, spec) -> passed.add(d));
    ScaleDecision d = ScaleDecision.of(FunctionKey.of("shop/checkout"), Instant.EPOCH, 4, "predictive", "r",
        Map.of("forecastArrivalsPerSecond", 12.5, "forecastErrorRatio", 0.2));
    sink.accept(d, null);
    sink.accept(ScaleDecision.notReady(FunctionKey.of("shop/checkout"), Instant.EPOCH, "kpa", "warming up"), null);
    m.tick(new TickReport(Instant.EPOCH, 3, 1, 0, 0, 2_000_000, 1_000_000));

    assertEquals(2, passed.size(), "every decision reaches the next sink");
    String text = scrape(registry);
    assertTrue(text.contains("prescale_desired_instances{function=\"shop/checkout\"} 4.0"), text);
    assertTrue(text.contains("prescale_forecast_arrivals_per_second{function=\"shop/checkout\"} 12.5"), text);
    assertTrue(text.contains("prescale_forecast_error_ratio{function=\"shop/checkout\"} 0.2"), text);
    assertTrue(text.contains("prescale_autoscaler_decisions_total{decider=\"predictive\",valid=\"true\"} 1.0"), text);
    assertTrue(text.contains("prescale_autoscaler_decisions_total{decider=\"kpa\",valid=\"false\"} 1.0"), text);
    assertTrue(text.contains("prescale_autoscaler_tick_seconds_bucket{le=\"0.0025\"} 1"), text);
    assertTrue(text.contains("prescale_autoscaler_tick_functions{state=\"decided\"} 3.0"), text);
  }

  @Test
  void perFunctionSeriesAreCapped() throws IOException {
    PrometheusRegistry registry = new PrometheusRegistry();
    DecisionMetrics m = new DecisionMetrics(registry, 1);
    m.record(ScaleDecision.of(FunctionKey.of("a"), Instant.EPOCH, 1, "kpa", "r", Map.of()));
    m.record(ScaleDecision.of(FunctionKey.of("b"), Instant.EPOCH, 2, "kpa", "r", Map.of()));
    String text = scrape(registry);
    assertTrue(text.contains("prescale_desired_instances{function=\"a\"} 1.0"), text);
    assertTrue(!text.contains("function=\"b\""), text);
    assertTrue(text.contains("prescale_autoscaler_decisions_total{decider=\"kpa\",valid=\"true\"} 2.0"), text);
  }
}
