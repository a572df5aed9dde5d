package io.prescale.app.cluster;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;

/** Prepared OTLP/HTTP protobuf bodies of {@link ClusterBench}. */
final class BenchBodies {
  private BenchBodies() {}

  /** Functions [f0, f1), {@code n} spans each, ending in [oldestEnd; oldestEnd + spread). */
  static byte[] historyBody(int f0, int f1, int n, long oldestEnd, long spread, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (int f = f0; f < f1; f++) {
      ScopeSpans.Builder scope =
          ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName("bench"));
      for (int j = 0; j < n; j++) {
        long end = oldestEnd + rnd.nextLong(spread);
        long dur = 5_000_000L + rnd.nextLong(200_000_000L);
        scope.addSpans(
            Span.newBuilder()
                .setTraceId(bytes(rnd, 16))
                .setSpanId(bytes(rnd, 8))
                .setName("invoke")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(end - dur)
                .setEndTimeUnixNano(end));
      }
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(
                  Resource.newBuilder()
                      .addAttributes(str("faas.name", name(f)))
                      .addAttributes(str("faas.instance", name(f) + "-" + rnd.nextInt(2))))
              .addScopeSpans(scope));
    }
    return req.build().toByteArray();
  }

  /** 100 SERVER spans of 10 attributes (as bench/run-ingest.sh's body a) over {@code fns}. */
  static void writeBody(Path file, int fns) throws IOException {
    long now = nowNanos();
    SplittableRandom rnd = new SplittableRandom(fns);
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    int per = 100 / fns;
    for (int f = 0; f < fns; f++) {
      ScopeSpans.Builder scope =
          ScopeSpans.newBuilder()
              .setScope(
                  InstrumentationScope.newBuilder()
                      .setName("io.opentelemetry.http-server")
                      .setVersion("1.0"));
      for (int j = 0; j < per; j++) {
        int i = f * per + j;
        long dur = 5_000_000L + rnd.nextLong(45_000_000L);
        long start = now - 2_000_000_000L + i * 10_000_000L;
        scope.addSpans(
            Span.newBuilder()
                .setTraceId(bytes(rnd, 16))
                .setSpanId(bytes(rnd, 8))
                .setName("GET /api/items/{id}")
                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(start + dur)
                .addAttributes(str("faas.trigger", "http"))
                .addAttributes(str("faas.invocation_id", Long.toHexString(rnd.nextLong())))
                .addAttributes(bool("faas.coldstart", j == 0))
                .addAttributes(str("http.request.method", "GET"))
                .addAttributes(str("http.route", "/api/items/{id}"))
                .addAttributes(num("http.response.status_code", 200))
                .addAttributes(str("url.scheme", "https"))
                .addAttributes(str("server.address", "items.example.com"))
                .addAttributes(
                    str("client.address", "10.0." + rnd.nextInt(256) + "." + rnd.nextInt(256)))
                .addAttributes(
                    str("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) bench/1.0")));
      }
      String fn = fns == 1 ? "items-api" : String.format("items-api-%03d", f);
      req.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(
                  Resource.newBuilder()
                      .addAttributes(str("service.name", fn))
                      .addAttributes(str("faas.name", fn))
                      .addAttributes(str("faas.instance", "2021/06/28/[$LATEST]" + f))
                      .addAttributes(num("faas.max_memory", 536_870_912L))
                      .addAttributes(str("cloud.provider", "aws"))
                      .addAttributes(str("cloud.region", "eu-west-1")))
              .addScopeSpans(scope));
    }
    Files.write(file, req.build().toByteArray());
  }

  static long nowNanos() {
    Instant now = Instant.now(); // wall time is the point: spans must look recent to the sink
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  static String name(int f) {
    return String.format("fn-%05d", f);
  }

  static ByteString bytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return ByteString.copyFrom(b);
  }

  static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static KeyValue num(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setBoolValue(v)).build();
  }
}
