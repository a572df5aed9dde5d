package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.resource;
import static io.prescale.collector.extract.Otlp.span;
import static io.prescale.collector.extract.Otlp.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.trace.v1.Span;
import io.prescale.collector.lambda.LambdaDecoder;
import io.prescale.collector.lambda.LambdaFunction;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.ManualTimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A Lambda function that is instrumented and whose platform reports arrive too is counted once:
 * from the platform's reports, which see every invocation; its own spans count only while no
 * platform report came within the spans-win window.
 */
class PlatformSpansWinTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * S;
  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);

  private void ownSpans(long at, int n) {
    Span[] spans = new Span[n];
    for (int i = 0; i < n; i++) {
      spans[i] = span(Span.SpanKind.SPAN_KIND_SERVER, at - 50_000_000L, at);
    }
    sink.acceptTraces(
        traces(resource("faas.name", "checkout", "cloud.region", "eu-west-1"), spans), at);
  }

  private void platformReports(long at, int n) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"time\":\"")
          .append(EpochNanos.toInstant(at))
          .append("\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r")
          .append(i)
          .append("\",\"metrics\":{\"durationMs\":50,\"billedDurationMs\":50,")
          .append("\"memorySizeMB\":128,\"maxMemoryUsedMB\":60},\"status\":\"success\"}}");
    }
    byte[] body = b.append(']').toString().getBytes(StandardCharsets.UTF_8);
    var batch =
        LambdaDecoder.telemetry(
            body, body.length, new LambdaFunction("checkout", "eu-west-1", null, null, "env-1"));
    sink.acceptTraces(batch.traces(), at);
  }

  @Test
  void platformReportsWinOverTheFunctionsOwnSpans() {
    ownSpans(T0 + S, 3); // before any platform report: counted
    platformReports(T0 + 2 * S, 4);
    ownSpans(T0 + 3 * S, 4); // the same invocations, seen by the function: ignored
    var w = store.get(new FunctionKey("eu-west-1/checkout"));
    assertEquals(7, w.invocationsTotal());
    assertEquals(4, sink.supersededSpans());
    // once the platform is silent for longer than spans-win, the function's spans count again
    ownSpans(T0 + 2 * S + ExtractConfig.defaults().spansWin().toNanos() + S, 2);
    assertEquals(9, w.invocationsTotal());
    assertEquals(4, sink.supersededSpans());
  }
}
