package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prescale simulate} through the real root command: files, table, exit codes. */
class SimulateCliTest {
  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = PrescaleCommand.commandLine().execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  @Test
  void writesJsonHtmlAndATable() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "app,func,end_timestamp,duration\na,f,1.5,0.5\na,f,400.2,0.2\na,g,30,2\n");
    Path out = dir.resolve("out");
    Run r = run("simulate", "--trace", trace.toString(), "--policy", "kpa,keepalive-10m",
        "--platform", "both", "--out", out.toString(), "--threads", "1");
    assertEquals(0, r.code(), r.err());
    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.startsWith("{\n  \"trace\" : \"" + trace + "\""), json);
    assertTrue(json.contains("\"policy\" : \"keepalive-10m\""));
    assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
    assertTrue(r.out().contains("keepalive-10m  on-demand"), r.out());
    assertTrue(r.out().contains("not applicable: keepalive-10m on autoscaled"), r.out());
  }

  @Test
  void malformedTraceAndBadOptionsExitTwoWithWhere() throws Exception {
    Path trace = dir.resolve("t.csv");
    Files.writeString(trace, "app,func,end_timestamp,duration\na,f,1.5,zero\n");
    Run r = run("simulate", "--trace", trace.toString(), "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("t.csv:2 column 4 (duration): 'zero' is not a number"), r.err());
    r = run("simulate", "--trace", trace.toString(), "--policy", "kpa", "--placement", "gauss",
        "--out", dir.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("placement = gauss"), r.err());
  }
}
