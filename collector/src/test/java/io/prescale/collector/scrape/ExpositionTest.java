package io.prescale.collector.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.scrape.Exposition.Family;
import io.prescale.collector.scrape.Exposition.Type;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExpositionTest {
  private static final Exposition PARSER = new Exposition(Exposition.Limits.DEFAULT);

  /** As the OpenFaaS gateway (client_golang) serves it. */
  static final String GATEWAY =
      """
      # HELP gateway_function_invocation_total Function metrics
      # TYPE gateway_function_invocation_total counter
      gateway_function_invocation_total{code="200",function_name="figlet.openfaas-fn"} 12
      gateway_function_invocation_total{code="500",function_name="figlet.openfaas-fn"} 3
      # HELP gateway_functions_seconds Function time taken
      # TYPE gateway_functions_seconds histogram
      gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="0.005"} 0
      gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="0.1"} 10
      gateway_functions_seconds_bucket{code="200",function_name="figlet.openfaas-fn",le="+Inf"} 12
      gateway_functions_seconds_sum{code="200",function_name="figlet.openfaas-fn"} 0.9
      gateway_functions_seconds_count{code="200",function_name="figlet.openfaas-fn"} 12
      # HELP go_goroutines Number of goroutines that currently exist.
      # TYPE go_goroutines gauge
      go_goroutines 42
      """;

  @Test
  void readsFamiliesLabelsAndValues() throws Exception {
    Map<String, Family> f = PARSER.parse(GATEWAY, n -> true);
    assertEquals(3, f.size());
    Family inv = f.get("gateway_function_invocation_total");
    assertEquals(Type.COUNTER, inv.type());
    assertEquals(2, inv.samples().size());
    assertEquals(
        Map.of("code", "500", "function_name", "figlet.openfaas-fn"),
        inv.samples().get(1).labels());
    assertEquals(3.0, inv.samples().get(1).value());
    Family h = f.get("gateway_functions_seconds");
    assertEquals(Type.HISTOGRAM, h.type());
    assertEquals(5, h.samples().size(), "buckets, sum and count belong to the histogram");
    assertEquals("+Inf", h.samples().get(2).labels().get("le"));
  }

  @Test
  void keepsOnlyWantedFamilies() throws Exception {
    Map<String, Family> f = PARSER.parse(GATEWAY, n -> n.startsWith("gateway_functions"));
    assertEquals(1, f.size());
    assertTrue(f.containsKey("gateway_functions_seconds"));
  }

  @Test
  void acceptsEscapesTimestampsSpecialValuesAndEof() throws Exception {
    String text =
        "a{x=\"q\\\"uo\\\\te\\nnl\",} NaN 1700000000000\n"
            + "b +Inf\n"
            + "c{} -Inf\n"
            + "d\t1.5e3\n"
            + "# EOF\n"
            + "this is not parsed";
    Map<String, Family> f = PARSER.parse(text, n -> true);
    assertEquals("q\"uo\\te\nnl", f.get("a").samples().get(0).labels().get("x"));
    assertTrue(Double.isNaN(f.get("a").samples().get(0).value()));
    assertEquals(Double.POSITIVE_INFINITY, f.get("b").samples().get(0).value());
    assertEquals(Double.NEGATIVE_INFINITY, f.get("c").samples().get(0).value());
    assertEquals(1500.0, f.get("d").samples().get(0).value());
    assertEquals(Type.UNTYPED, f.get("d").type());
  }

  @Test
  void malformedInputNamesLineAndColumn() {
    assertMessage("a{x=\"1\" 1\n", "line 1:9: expected , or } in the label set");
    assertMessage("ok 1\nb{x=\"1\"} one\n", "line 2:10: value \"one\" is not a number");
    assertMessage("a{x=\"1\",x=\"2\"} 1\n", "line 1:9: label x appears twice");
    assertMessage("# TYPE a wibble\n", "line 1:10: type \"wibble\" must be counter");
    assertMessage("a 1 12.5\n", "timestamp \"12.5\" must be integer milliseconds");
    assertMessage("a{x=\"\\t\"} 1\n", "escape \\t must be");
    assertMessage("a{x=\"open} 1\n", "label value is not closed");
    assertMessage("1a 1\n", "line 1:1: expected a metric name");
    assertMessage("a1\n", "line 1:3: expected a value");
    assertMessage("a 1 2 3\n", "unexpected text after the timestamp");
    assertMessage("# TYPE a counter\n# TYPE a gauge\n", "line 2:1: second # TYPE line for a");
    assertMessage("a 0x10\n", "is not a number");
    assertMessage("a 1 \n", "line 1:5: timestamp \"\" must be integer milliseconds");
    assertMessage("a 1\r\n", "value \"1\r\" is not a number");
    assertMessage("a 1", "line 1:4: unexpected end of input: the last line must end with \\n");
    assertMessage("# HELP a b\\tc\n", "line 1:11: invalid escape sequence in HELP");
    assertMessage("# TYPE 1a counter\n", "line 1:8: invalid metric name in comment");
    assertMessage("a 1\n# TYPE a gauge\n", "line 2:1: second # TYPE line for a, or # TYPE after");
    assertMessage(
        "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
        "line 2:1: label le = \"x\" must be a number");
  }

  @Test
  void limitsAreEnforced() {
    Exposition small = new Exposition(new Exposition.Limits(2, 2, 40));
    ExpositionException e =
        assertThrows(ExpositionException.class, () -> small.parse("a 1\nb 2\nc 3\n", n -> true));
    assertEquals("line 3:1: more than 2 samples", e.getMessage());
    e =
        assertThrows(
            ExpositionException.class,
            () -> small.parse("a{x=\"1\",y=\"2\",z=\"3\"} 1\n", n -> true));
    assertTrue(e.getMessage().contains("more than 2 labels"), e.getMessage());
    e = assertThrows(ExpositionException.class, () -> small.parse("a" + "b".repeat(50), n -> true));
    assertEquals("line 1:1: line is 51 characters, at most 40", e.getMessage());
  }

  /**
   * Seeded mutations of real-shaped bodies (bytes flipped, cut, duplicated, spliced): every outcome
   * is a parse or an {@link ExpositionException} with a line number, never another exception, and
   * each run takes well under a second.
   */
  @Test
  void mutatedBodiesFailCleanly() {
    Random r = new Random(15);
    String[] seeds = {GATEWAY, KnativeText.LEGACY};
    String alphabet = "{}\"=,\\ \n\t#_aZ09.+-eInfNaN\r";
    int parsed = 0;
    int refused = 0;
    for (int round = 0; round < 5_000; round++) {
      StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
      int edits = 1 + r.nextInt(6);
      for (int k = 0; k < edits && b.length() > 0; k++) {
        int at = r.nextInt(b.length());
        switch (r.nextInt(4)) {
          case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> b.delete(at, Math.min(b.length(), at + 1 + r.nextInt(20)));
          case 2 -> b.insert(at, b.substring(at, Math.min(b.length(), at + r.nextInt(30))));
          default -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      try {
        PARSER.parse(b.toString(), n -> true);
        parsed++;
      } catch (ExpositionException e) {
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
        refused++;
      }
    }
    assertTrue(parsed > 0 && refused > 0, parsed + " parsed, " + refused + " refused");
  }

  private static void assertMessage(String text, String expected) {
    ExpositionException e =
        assertThrows(ExpositionException.class, () -> PARSER.parse(text, n -> true));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
