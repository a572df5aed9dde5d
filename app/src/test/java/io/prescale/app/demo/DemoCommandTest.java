package io.prescale.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code prescale demo} in-process: options shared with run, usage errors, and a short closed-loop
 * run.
 */
class DemoCommandTest {
  record Result(int code, String out, String err) {}

  static Result demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new DemoCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpHasRunsPortOptionsAndTheDemosOwn() {
    Result r = demo("--help");
    assertEquals(0, r.code());
    for (String option :
        new String[] {
          "--otlp-http-port",
          "--otlp-grpc-port",
          "--http-port",
          "--bind",
          "--config",
          "--duration",
          "--trace",
          "--day-length",
          "--timer-every"
        }) {
      assertTrue(r.out().contains(option), option + " missing in\n" + r.out());
    }
  }

  @Test
  void missingTraceIsAUsageErrorNamingThePath() {
    Result r = demo("--trace", "/nonexistent/trace", "--duration", "1s");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("trace /nonexistent/trace does not exist"), r.err());
  }

  @Test
  void traceReplaySendsTheBusiestFunctionsAndOffsetsPastTheEndAreUsageErrors() {
    Path trace =
        Path.of(System.getProperty("user.dir"))
            .resolve("../../shared/traces/azure2019-sample100")
            .normalize();
    Assumptions.assumeTrue(Files.isDirectory(trace), "needs the Azure 2019 sample at " + trace);
    Result late = demo("--trace", trace.toString(), "--trace-offset", "48h", "--duration", "1s");
    assertEquals(2, late.code(), late.err());
    assertTrue(
        late.err().contains("trace-offset = 2880m, must be less than the trace's length"),
        late.err());

    Result r =
        demo(
            "--trace",
            trace.toString(),
            "--trace-functions",
            "2",
            "--duration",
            "4s",
            "--table-every",
            "3s",
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("the 2 busiest of 100 functions"), r.out());
    assertEquals(2, r.out().lines().filter(l -> l.contains(" azure/")).count(), r.out());
  }

  @Test
  void badDurationIsAUsageError() {
    Result r = demo("--duration", "soon");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'soon' is not a duration"), r.err());
  }

  @Test
  void shortRunSendsSpansThroughOtlpToTheCollector() {
    Result r =
        demo(
            "--duration",
            "7s",
            "--table-every",
            "6s",
            "--http-port",
            "0",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("prescale demo: control plane on 127.0.0.1"), r.out());
    assertTrue(r.out().contains("scrape_configs:"), r.out());
    String line =
        r.out().lines().filter(l -> l.contains("demo/bursty-ingest")).findFirst().orElseThrow();
    String[] cols = line.trim().split("\\s+");
    long sent = Long.parseLong(cols[cols.length - 2]);
    long collected = Long.parseLong(cols[cols.length - 1]);
    assertTrue(sent > 50, "a burst runs from the start: " + line);
    assertTrue(collected > 0, "the collector counted the spans: " + line);
    assertTrue(r.out().contains("7 s elapsed, stopping"), r.out());
  }
}
