package io.prescale.collector.extract;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;

/**
 * Benchmark main (not a test): spans per second through {@link CollectorSink#acceptTraces} on one
 * thread, batches of 100 SERVER spans with 10 attributes over 10 functions (the decode is not
 * included: H1's ingest benchmark measures the whole path).
 */
public final class SinkBench {
  private SinkBench() {}

  public static void main(String[] args) {
    long s = 1_000_000_000L;
    ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
    CollectorSink sink = new CollectorSink(FunctionStore.withDefaults(), time);
    ExportTraceServiceRequest[] requests = new ExportTraceServiceRequest[100];
    for (int r = 0; r < requests.length; r++) {
      ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
      ScopeSpans.Builder scope = ScopeSpans.newBuilder();
      long end = time.epochNanos() - s;
      for (int i = 0; i < 100; i++) {
        scope.addSpans(
            Span.newBuilder()
                .setName("GET /x")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(end - 50_000_000L + i * 1000L)
                .setEndTimeUnixNano(end + i * 1000L)
                .addAllAttributes(
                    Otlp.attrs(
                        "faas.trigger",
                        "http",
                        "faas.coldstart",
                        false,
                        "http.request.method",
                        "GET",
                        "http.route",
                        "/x",
                        "http.response.status_code",
                        200,
                        "faas.invocation_id",
                        "id-" + i,
                        "url.path",
                        "/x",
                        "user_agent.original",
                        "bench",
                        "server.address",
                        "h",
                        "server.port",
                        8080)));
      }
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(
                  Otlp.resource(
                      "faas.name",
                      "fn-" + (r % 10),
                      "k8s.namespace.name",
                      "bench",
                      "faas.instance",
                      "i-" + r,
                      "cloud.region",
                      "eu"))
              .addScopeSpans(scope));
      requests[r] = req.build();
    }
    for (int round = 0; round < 5; round++) {
      int n = 0;
      long t0 = System.nanoTime();
      for (int rep = 0; rep < 50; rep++) {
        for (ExportTraceServiceRequest req : requests) {
          n += (int) sink.acceptTraces(req, time.epochNanos()).accepted();
        }
      }
      long el = System.nanoTime() - t0;
      time.advance(Duration.ofMillis(10));
      System.out.printf(
          "round %d: %d spans in %.1f ms: %.0f spans/s%n", round + 1, n, el / 1e6, n / (el / 1e9));
    }
  }
}
