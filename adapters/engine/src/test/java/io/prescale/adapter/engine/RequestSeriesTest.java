package io.prescale.adapter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Adapter requests per function, under the same top-N cap as every per-function series. */
class RequestSeriesTest {
  static String scrape(RequestSeries s) throws Exception {
    PrometheusRegistry r = new PrometheusRegistry();
    r.register(s);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, r.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void busiestFunctionsOwnTheirSeriesAndTheRestAreSummedPerOutcome() throws Exception {
    RequestSeries s = new RequestSeries();
    Map<String, Long> weight =
        Map.of("shop/checkout", 100L, "shop/cart", 50L, "lonely", 1L, "idle", 0L);
    s.rankBy(weight::get, 2);
    s.count("kubernetes", "shop/checkout", "scaled");
    s.count("kubernetes", "shop/checkout", "noop");
    s.count("kubernetes", "shop/checkout", "noop");
    s.count("kubernetes", "shop/cart", "failed");
    s.count("kubernetes", "lonely", "noop");
    s.count("kubernetes", "idle", "noop");
    s.count("kubernetes", "", "rejected");
    String text = scrape(s);
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"kubernetes\",function=\"shop/checkout\","
                + "namespace=\"shop\",outcome=\"noop\"} 2.0"),
        text);
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"kubernetes\",function=\"shop/cart\","
                + "namespace=\"shop\",outcome=\"failed\"} 1.0"),
        text);
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"kubernetes\",function=\"__other__\","
                + "outcome=\"noop\"} 2.0"),
        "lonely + idle: " + text);
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"kubernetes\",function=\"__other__\","
                + "outcome=\"rejected\"} 1.0"),
        "no function known: " + text);
    assertFalse(text.contains("function=\"lonely\""), text);
    assertFalse(text.contains("outcome=\"retry\""), "no zero series: " + text);
  }

  @Test
  void unknownOutcomeIsRefusedNamingTheChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new RequestSeries().count("a", "f", "maybe"));
    assertEquals(
        "adapter request outcome = maybe, must be one of [noop, scaled, rejected, failed, retry]",
        e.getMessage());
  }
}
