package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale simulate} through the real root command: files, table, exit codes. */
class SimulateCliTest {
  @TempDir Path dir;

  @Test
  void writesJsonHtmlAndATable() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(
        trace, "app,func,end_timestamp,duration\na,f,1.5,0.5\na,f,400.2,0.2\na,g,30,2\n");
    Path out = dir.resolve("out");
    CliRun r =
        CliRun.of(
            "simulate",
            "--trace",
            trace.toString(),
            "--policy",
            "kpa,keepalive-10m",
            "--platform",
            "both",
            "--out",
            out.toString(),
            "--threads",
            "1");
    assertEquals(0, r.code(), r.err());
    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.startsWith("{\n  \"trace\" : \"" + trace + "\""), json);
    assertTrue(json.contains("\"policy\" : \"keepalive-10m\""));
    assertTrue(Files.readString(out.resolve("report.html")).contains("<svg class=\"chart\""));
    assertEquals(
        r.out().substring(0, r.out().indexOf("wrote ")),
        Files.readString(out.resolve("report.txt")),
        "report.txt is what was printed");
    assertTrue(r.out().contains("keepalive-10m  on-demand"), r.out());
    assertTrue(r.out().contains("not applicable: keepalive-10m on autoscaled"), r.out());
  }

  @Test
  void malformedTraceAndBadOptionsExitTwoWithWhere() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "app,func,end_timestamp,duration\na,f,1.5,zero\n");
    CliRun r =
        CliRun.of("simulate", "--trace", trace.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("t.csv:2 column 4 (duration): 'zero' is not a number"), r.err());
    r =
        CliRun.of(
            "simulate",
            "--trace",
            trace.toString(),
            "--policy",
            "kpa",
            "--placement",
            "gauss",
            "--out",
            dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("placement = gauss"), r.err());
  }
}
