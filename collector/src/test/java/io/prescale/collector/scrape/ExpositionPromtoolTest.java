package io.prescale.collector.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The parser against the real one: Prometheus's own text parser, as {@code promtool check metrics}
 * runs it (Debian's {@code prometheus} package, which .ci/run installs). The real-shaped bodies the
 * tests use must parse in both; each malformed case must be refused by both, and the edge cases
 * Prometheus accepts (a value right after the label set, Go's spellings of infinities and NaN) must
 * be accepted by both. promtool exits 1 on a parse error and 3 on lint findings only.
 */
class ExpositionPromtoolTest {
  private static final Exposition PARSER = new Exposition(Exposition.Limits.DEFAULT);
  private static final ThreadLocal<String> LAST_OUTPUT = new ThreadLocal<>();

  @Test
  void agreesWithPrometheusOnRealShapedAndEdgeCases() throws Exception {
    Path promtool = promtool();
    List<String> accepted =
        List.of(
            ExpositionTest.GATEWAY,
            KnativeText.LEGACY,
            ScrapesTest.gateway(1012, 43, 3),
            KnativeText.body("p", 5, 0, 0),
            "a{x=\"1\"}1\n",
            "a+3\nb-1\n# TYPE c gaug\\e\nc 1\n",
            "a inf\nb +Infinity\nc -INF\nd nan\ne NaN\n",
            "a{x=\"q\\\"uo\\\\te\\nnl\",} 1 1700000000000\n",
            "a .5\nb 5.\nc +1e3\n",
            "# HELP a anything at all \\n\n# TYPE a gauge\na 1\n# EOF\n",
            "# TYPE a\n# HELP\n# TYPE b COUNTER\n  b 1\n\t# free comment\nc 2\n   ",
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 1\nh_bucket{le=\"1e3\"} 1\n");
    for (String body : accepted) {
      PARSER.parse(body, n -> true); // throws on a refusal
      assertEquals(
          false,
          parseError(promtool, body),
          () -> "promtool refuses what Prescale accepts (" + LAST_OUTPUT.get() + "):\n" + body);
    }
    List<String> refused =
        List.of(
            "a{x=\"1\" 1\n",
            "ok 1\nb{x=\"1\"} one\n",
            "a{x=\"1\",x=\"2\"} 1\n",
            "# TYPE a wibble\n",
            "a 1 12.5\n",
            "a{x=\"\\t\"} 1\n",
            "a{x=\"open} 1\n",
            "1a 1\n",
            "a1\n",
            "a 1 2 3\n",
            "# TYPE a counter\n# TYPE a gauge\n",
            "a 0x10\n",
            "a 0x1p-2\n",
            "a +nan\n",
            "a 1_000\n",
            "a 1d\n",
            "a 1 \n",
            "a 1 17 \n",
            "a 1",
            "a 1\r\n",
            "# HELP a b\\tc\n",
            "# TYPE 1a counter\n",
            "a 1\n# TYPE a gauge\n",
            "# TYPE a unknown\n",
            "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n",
            "# TYPE s summary\ns{quantile=\"p50\"} 1\n");
    List<String> disagreements = new ArrayList<>();
    for (String body : refused) {
      boolean ours;
      try {
        PARSER.parse(body, n -> true);
        ours = false;
      } catch (ExpositionException e) {
        ours = true;
      }
      if (!ours || !parseError(promtool, body)) {
        disagreements.add((ours ? "promtool accepts: " : "Prescale accepts: ") + body);
      }
    }
    assertEquals(List.of(), disagreements);
  }

  /**
   * Seeded mutations (three character edits each) of real-shaped bodies: Prescale refuses exactly
   * the bodies Prometheus refuses. (Longer runs of the same loop, 3,000 inputs each with other
   * seeds, found no disagreement either.)
   */
  @Test
  void mutatedBodiesAreRefusedExactlyWhenPrometheusRefusesThem() throws Exception {
    Path promtool = promtool();
    Random r = new Random(23);
    String[] seeds = {
      ExpositionTest.GATEWAY,
      KnativeText.LEGACY,
      "# HELP x a \\\\ b \\n c\n# TYPE x summary\nx{quantile=\"0.5\"} 1\nx_sum 2\nx_count 3\n"
          + "  y{a=\"b\",} 1 17\n"
    };
    String alphabet = "{}\"=,\\ \n\t#_aZ09.+-eInfNaNHELPTYPE:\r\u00e9\u0000xp_le=\"}EOF";
    List<String> disagreements = new ArrayList<>();
    int refused = 0;
    for (int round = 0; round < 150; round++) {
      StringBuilder b = new StringBuilder(seeds[r.nextInt(seeds.length)]);
      for (int e = 0; e < 3; e++) {
        int at = r.nextInt(b.length());
        switch (r.nextInt(3)) {
          case 0 -> b.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
          case 1 -> b.deleteCharAt(at);
          default -> b.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      String body = b.toString();
      boolean ours;
      try {
        PARSER.parse(body, n -> true);
        ours = false;
      } catch (ExpositionException e) {
        ours = true;
        refused++;
      }
      if (ours != parseError(promtool, body)) {
        disagreements.add((ours ? "only Prescale refuses:\n" : "only promtool refuses:\n") + body);
      }
    }
    assertEquals(List.of(), disagreements);
    assertTrue(refused > 20 && refused < 140, refused + " of 150 refused: the mutations test both");
  }

  private static boolean parseError(Path promtool, String body) throws Exception {
    Process p =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(body.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    int rc = p.exitValue();
    assertTrue(rc == 0 || rc == 1 || rc == 3, "promtool exit " + rc + ": " + out);
    if (rc == 1) {
      LAST_OUTPUT.set(out);
    }
    return rc == 1;
  }

  private static Path promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "promtool");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    assertNotNull(
        null,
        "promtool is not on PATH: install Debian's prometheus package (apt-get install prometheus),"
            + " as .ci/run does");
    return null;
  }
}
