package io.prescale.collector.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A million distinct function names through the sink: bounded store, every refusal reported. */
class MillionFunctionsTest {
  @Test
  void aMillionDistinctNamesAreBoundedAndReportedAsPartialSuccess() {
    long s = 1_000_000_000L;
    ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
    FunctionStore store =
        new FunctionStore(StoreConfig.defaults().withMaxFunctions(2_000), WindowConfig.defaults());
    CollectorSink sink = new CollectorSink(store, time);
    long now = time.epochNanos();
    Span span =
        Span.newBuilder()
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(now - s)
            .setEndTimeUnixNano(now - s / 2)
            .build();
    long accepted = 0;
    long rejected = 0;
    String lastMessage = "";
    for (int batch = 0; batch < 1_000; batch++) {
      ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
      for (int i = 0; i < 1_000; i++) {
        req.addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Otlp.resource("faas.name", "fn-" + (batch * 1_000 + i)))
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)));
      }
      IngestResult r = sink.acceptTraces(req.build(), now);
      accepted += r.accepted();
      rejected += r.rejected();
      if (r.rejected() > 0) {
        lastMessage = r.message();
      }
    }
    assertEquals(2_000, accepted);
    assertEquals(998_000, rejected);
    assertEquals(2_000, store.size());
    assertEquals(998_000, store.rejectedFunctions());
    assertEquals(998_000, sink.rejectedByReason().get("function_limit"));
    assertEquals(
        "rejected 1000 of 1000 spans: 1000 for new functions past the tracked-function limit",
        lastMessage);
    // still healthy: a tracked function keeps counting
    IngestResult r = sink.acceptTraces(Otlp.traces(Otlp.resource("faas.name", "fn-7"), span), now);
    assertTrue(r.isFullSuccess());
    assertEquals(2, store.get(FunctionKey.of("fn-7")).invocationsTotal());
  }
}
