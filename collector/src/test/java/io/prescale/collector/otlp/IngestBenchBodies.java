package io.prescale.collector.otlp;

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
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Benchmark helper (not a test), used by {@code bench/run-ingest.sh}:
 *
 * <ul>
 *   <li>{@code bodies DIR}: writes {@code batch100.pb} (100 SERVER spans with 10 attributes each)
 *       and {@code single.pb} (1 span), timestamped now so the sink accepts them;
 *   <li>{@code parse FILE SECONDS}: single-thread {@code ExportTraceServiceRequest.parseFrom} rate
 *       on that body, printed as {@code parse_spans_per_s=N}.
 * </ul>
 */
public final class IngestBenchBodies {
  private IngestBenchBodies() {}

  public static void main(String[] args) throws IOException {
    if (args.length >= 2 && args[0].equals("bodies")) {
      Path dir = Path.of(args[1]);
      Files.createDirectories(dir);
      Instant now =
          Instant.now(); // wall time is the point here: spans must look recent to the sink
      long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
      Files.write(dir.resolve("batch100.pb"), request(100, nowNanos, 1).toByteArray());
      Files.write(dir.resolve("single.pb"), request(1, nowNanos, 2).toByteArray());
      System.out.println(
          "bodies: batch100.pb="
              + Files.size(dir.resolve("batch100.pb"))
              + " B, single.pb="
              + Files.size(dir.resolve("single.pb"))
              + " B");
    } else if (args.length >= 3 && args[0].equals("parse")) {
      parseRate(Files.readAllBytes(Path.of(args[1])), Double.parseDouble(args[2]));
    } else {
      System.err.println("usage: IngestBenchBodies bodies DIR | parse FILE SECONDS");
      System.exit(2);
    }
  }

  static ExportTraceServiceRequest request(int spans, long nowNanos, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.http-server")
                    .setVersion("1.0"));
    for (int i = 0; i < spans; i++) {
      long duration = 5_000_000L + rnd.nextLong(45_000_000L);
      long start = nowNanos - 2_000_000_000L + i * 10_000_000L;
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(randomBytes(rnd, 16))
              .setSpanId(randomBytes(rnd, 8))
              .setName("GET /api/items/{id}")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + duration)
              .addAttributes(str("faas.trigger", "http"))
              .addAttributes(str("faas.invocation_id", Long.toHexString(rnd.nextLong())))
              .addAttributes(bool("faas.coldstart", i == 0))
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
    Resource resource =
        Resource.newBuilder()
            .addAttributes(str("service.name", "items"))
            .addAttributes(str("faas.name", "items-api"))
            .addAttributes(str("faas.instance", "2021/06/28/[$LATEST]" + Long.toHexString(seed)))
            .addAttributes(num("faas.max_memory", 536_870_912L))
            .addAttributes(str("cloud.provider", "aws"))
            .addAttributes(str("cloud.region", "eu-west-1"))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope))
        .build();
  }

  private static void parseRate(byte[] body, double seconds) throws IOException {
    int spans =
        ExportTraceServiceRequest.parseFrom(body)
            .getResourceSpans(0)
            .getScopeSpans(0)
            .getSpansCount();
    long sink = 0;
    // warm-up, then timed rounds of 1 s; the median round is reported
    long warmEnd = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      sink += ExportTraceServiceRequest.parseFrom(body).getSerializedSize();
    }
    int rounds = Math.max(1, (int) seconds);
    double[] rates = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long n = 0;
      long t0 = System.nanoTime();
      long end = t0 + 1_000_000_000L;
      long t;
      do {
        sink += ExportTraceServiceRequest.parseFrom(body).getResourceSpansCount();
        n++;
      } while ((t = System.nanoTime()) < end);
      rates[r] = n * (double) spans / ((t - t0) / 1e9);
    }
    Arrays.sort(rates);
    System.out.printf(
        "parse_spans_per_s=%.0f (median of %d rounds; min %.0f, max %.0f; %d)%n",
        rates[rounds / 2], rounds, rates[0], rates[rounds - 1], sink % 2);
  }

  private static ByteString randomBytes(SplittableRandom rnd, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) rnd.nextInt(256);
    }
    return ByteString.copyFrom(b);
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue num(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setBoolValue(v)).build();
  }
}
