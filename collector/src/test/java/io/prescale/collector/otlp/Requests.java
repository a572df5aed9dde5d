package io.prescale.collector.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Test helpers: OTLP requests, raw HTTP posts and google.rpc.Status decoding. */
final class Requests {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private Requests() {}

  static ExportTraceServiceRequest spans(String function, int n) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    for (int i = 0; i < n; i++) {
      byte[] trace = new byte[16];
      byte[] span = new byte[8];
      trace[0] = (byte) (i + 1);
      span[0] = (byte) (i + 1);
      scope.addSpans(
          Span.newBuilder()
              .setTraceId(ByteString.copyFrom(trace))
              .setSpanId(ByteString.copyFrom(span))
              .setName("invoke")
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(1_000_000_000L * (i + 1))
              .setEndTimeUnixNano(1_000_000_000L * (i + 1) + 5_000_000)
              .addAttributes(kv("faas.trigger", "http")));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("faas.name", function)))
                .addScopeSpans(scope))
        .build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static HttpResponse<byte[]> post(
      String url, String contentType, String contentEncoding, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (contentEncoding != null) {
      b.header("Content-Encoding", contentEncoding);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** A gzip stream of {@code bytes} zeros, written without holding them in memory. */
  static byte[] gzipZeros(long bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] block = new byte[1 << 20];
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      for (long done = 0; done < bytes; done += block.length) {
        gz.write(block, 0, (int) Math.min(block.length, bytes - done));
      }
    }
    return out.toByteArray();
  }

  /** google.rpc.Status decoded by hand: {code, message}. */
  static Object[] status(byte[] body) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    int code = 0;
    String message = "";
    int tag;
    while ((tag = in.readTag()) != 0) {
      switch (tag >>> 3) {
        case 1:
          code = in.readInt32();
          break;
        case 2:
          message = in.readString();
          break;
        default:
          in.skipField(tag);
      }
    }
    return new Object[] {code, message};
  }
}
