package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prescale policy validate|explain} through the real root command: exit codes and output.
 */
class PolicyCliTest {
  static final Path EXAMPLES =
      Path.of(System.getProperty("user.dir")).resolve("../examples").normalize();

  @TempDir Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = PrescaleCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void validFileExitsZeroWithOneOkLine() {
    Path shop = EXAMPLES.resolve("shop.yaml");
    Run r = run("policy", "validate", shop.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(
        shop
            + ": OK (3 rules: checkout, batch, search; defaults: mode predictive, instances 0-100, "
            + "adapter dry-run)\n",
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void invalidFileExitsTwoWithEveryError() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "defaults:\n  maxInstnaces: 3\n  targetUtilization: 2\n");
    Run r = run("policy", "validate", f.toString());
    assertEquals(2, r.code());
    assertEquals(
        f
            + ":2:3: defaults.maxInstnaces: unknown key; did you mean maxInstances?\n"
            + f
            + ":3:22: defaults.targetUtilization = 2, must be in (0; 1]\n"
            + f
            + ": 2 errors\n",
        r.err());
    assertEquals("", r.out());
  }

  @Test
  void syntaxErrorsAndMissingFilesAreReportedWithoutAStackTrace() throws Exception {
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, "defaults: { mode: kpa\n");
    Run r = run("policy", "validate", f.toString(), dir.resolve("nope.yaml").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith(f + ":2:1: YAML syntax error: "), r.err());
    assertTrue(r.err().contains(dir.resolve("nope.yaml") + ": file does not exist\n"), r.err());
    assertTrue(!r.err().contains("\tat "), r.err());
  }

  @Test
  void validateWithoutAFileIsAUsageError() {
    Run r = run("policy", "validate");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Missing required parameter"), r.err());
  }

  @Test
  void explainPrintsRuleSkippedRulesSchedulesAndSources() {
    Run r =
        run(
            "policy",
            "explain",
            "--config",
            EXAMPLES.resolve("shop.yaml").toString(),
            "shop/search",
            "--at",
            "2026-11-28T10:00+01:00[Europe/Berlin]");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rule:      search (policies[2])\n"), r.out());
    assertTrue(
        r.out()
            .contains(
                "  skipped  checkout (policies[0]): function \"shop/search\" does not match \"shop/checkout-*\"\n"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "  skipped  batch (policies[1]): function \"shop/search\" does not match \"shop/batch-*\"\n"),
        r.out());
    assertTrue(r.out().matches("(?s).*\n  perInstanceConcurrency +10 +rule search\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  maxInstances +100 +defaults\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  tick +2s +built-in\n.*"), r.out());
  }

  @Test
  void explainShowsTheOpenScheduleAndLabels() {
    Run r =
        run(
            "policy",
            "explain",
            "--config",
            EXAMPLES.resolve("shop.yaml").toString(),
            "shop/checkout-api",
            "--label",
            "k8s.namespace.name=shop",
            "--at",
            "2026-11-28T09:30:00Z");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("  schedule 2 of rule checkout (sat 09:00-14:00 Europe/Berlin): open\n"),
        r.out());
    assertTrue(
        r.out().matches("(?s).*\n  minInstances +3 +schedule 2 of rule checkout\n.*"), r.out());
  }

  @Test
  void explainRejectsABadTimeAndAnInvalidPolicy() throws Exception {
    Run bad =
        run(
            "policy",
            "explain",
            "--config",
            EXAMPLES.resolve("shop.yaml").toString(),
            "f",
            "--at",
            "tomorrow");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--at = tomorrow, must be a time with an offset"), bad.err());
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "defaults: { mode: fast }\n");
    Run invalid = run("policy", "explain", "--config", f.toString(), "f");
    assertEquals(2, invalid.code());
    assertTrue(
        invalid.err().startsWith(f + ":1:19: defaults.mode = \"fast\", must be one of: "),
        invalid.err());
  }

  @Test
  void schemaIsPrinted() {
    Run r = run("policy", "schema");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("\"$schema\": \"https://json-schema.org/draft/2020-12/schema\""), r.out());
    assertTrue(r.out().contains("\"maxInstances\""), r.out());
  }

  @Test
  void runRefusesAnInvalidConfigWithExitTwoBeforeStartingAnything() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "defaults: { maxInstances: 0 }\n");
    Run r =
        run(
            "run",
            "--config",
            f.toString(),
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0");
    assertEquals(2, r.code());
    assertEquals(
        f
            + ":1:27: defaults.maxInstances = 0, must be in [1; 2147483647]\n"
            + "prescale run: --config "
            + f
            + " is invalid (1 error); check it with: prescale policy validate "
            + f
            + "\n",
        r.err());
    assertEquals("", r.out());
  }
}
