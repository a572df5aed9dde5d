package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale simulate --policy config --config FILE}: the whole policy file, per-function
 * rules included.
 */
class SimulateConfigCliTest {
  private static final String POLICY =
      """
      defaults:
        mode: kpa
      policies:
        - name: slow-ones
          match: { function: "a/f" }
          mode: keepalive
          keepAlive: 5m
      """;

  @TempDir Path dir;

  private Path trace() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(
        trace, "app,func,end_timestamp,duration\na,f,1.5,0.5\na,f,400.2,0.2\na,g,30,2\na,g,31,2\n");
    return trace;
  }

  private Path policy(String yaml) throws Exception {
    Path p = dir.resolve("policy.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void configRunsTheFilesRulesNextToTheBaselines() throws Exception {
    Path out = dir.resolve("out");
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace().toString(),
            "--policy",
            "kpa,config",
            "--config",
            policy(POLICY).toString(),
            "--platform",
            "both",
            "--out",
            out.toString(),
            "--threads",
            "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("config         on-demand")
            || r.out().matches("(?s).*\\bconfig +on-demand.*"),
        r.out());
    assertTrue(
        r.out()
            .contains(
                "not applicable: config on autoscaled: the file sends functions to"
                    + " on-demand modes, keepalive (1 function)"),
        r.out());
    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.contains("\"policy\" : \"config\""), json);
    assertTrue(
        json.contains(
            "\"configFunctionsByMode\" : {\n      \"keepalive\" : 1,\n      \"kpa\" : 1\n    }"),
        json);
    assertTrue(
        json.contains(
            "\"configFunctionsByRule\" : {\n      \"slow-ones\" : 1,\n      \"defaults\" : 1\n    }"),
        json);
    assertTrue(Files.readString(out.resolve("report.html")).contains("configFunctionsByMode"));
  }

  @Test
  void configWithoutAFileNamesBothOptions() throws Exception {
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace().toString(),
            "--policy",
            "kpa,config",
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .contains(
                "--policy config runs the rules of a policy file: give the file with"
                    + " --config POLICY.yaml"),
        r.err());
    assertFalse(Files.exists(dir.resolve("o")));
  }

  @Test
  void aRuleWithAnotherTickExitsTwoNamingRuleFunctionValueAndAllowedTick() throws Exception {
    Path p = policy(POLICY + "    tick: 10s\n");
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace().toString(),
            "--policy",
            "config",
            "--config",
            p.toString(),
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .contains(
                p
                    + ": rule 'slow-ones' sets tick = 10s for function a/f, must be 2s"
                    + " (the defaults' tick)"),
        r.err());
  }

  @Test
  void helpTellsWhichLabelsATraceGives() {
    CliRun r = CliRun.of("simulate", "--help");
    assertEquals(0, r.code());
    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(
        help.contains("config (the whole --config file, per-function rules included)"), help);
    assertTrue(help.contains("owner, trigger"), help);
  }
}
