package io.prescale.app.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reports emulated invocations the way an instrumented function runtime does: through the real
 * OpenTelemetry Java SDK (one tracer provider per function, so each has its own resource with
 * {@code service.name}, {@code faas.name} and {@code k8s.namespace.name}), batched, over OTLP/HTTP
 * protobuf to the collector. Each invocation is one SERVER span with {@code faas.trigger}, {@code
 * faas.coldstart} and {@code faas.instance}.
 */
final class SpanEmitter implements SpanSink, AutoCloseable {
  private static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("faas.trigger");
  private static final AttributeKey<Boolean> COLD_START = AttributeKey.booleanKey("faas.coldstart");
  private static final AttributeKey<String> INSTANCE = AttributeKey.stringKey("faas.instance");

  private final List<SdkTracerProvider> providers = new ArrayList<>();
  private final List<Tracer> tracers = new ArrayList<>();
  private final List<DemoFunction> functions;
  private final String endpoint;

  /**
   * @param otlpHttpBase e.g. {@code http://127.0.0.1:4318}
   */
  SpanEmitter(List<DemoFunction> functions, String otlpHttpBase) {
    this(functions, otlpHttpBase, null, null);
  }

  /**
   * @param authorization the {@code Authorization} header value to send (the ingest token), or null
   * @param trustedPem PEM certificate(s) to trust for an {@code https} base, or null
   */
  SpanEmitter(
      List<DemoFunction> functions, String otlpHttpBase, String authorization, byte[] trustedPem) {
    this.functions = List.copyOf(functions);
    this.endpoint = otlpHttpBase + "/v1/traces";
    for (DemoFunction f : functions) {
      Resource resource =
          Resource.getDefault()
              .merge(
                  Resource.create(
                      Attributes.builder()
                          .put("service.name", f.name())
                          .put("faas.name", f.name())
                          .put("k8s.namespace.name", f.namespace())
                          .put("cloud.platform", "prescale_demo")
                          .build()));
      var builder =
          OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setTimeout(Duration.ofSeconds(5));
      if (authorization != null) {
        builder.addHeader("Authorization", authorization);
      }
      if (trustedPem != null) {
        builder.setTrustedCertificates(trustedPem);
      }
      OtlpHttpSpanExporter exporter = builder.build();
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(resource)
              .addSpanProcessor(
                  BatchSpanProcessor.builder(exporter)
                      .setScheduleDelay(Duration.ofMillis(500))
                      .setMaxQueueSize(20_000)
                      .setMaxExportBatchSize(512)
                      .build())
              .build();
      providers.add(provider);
      tracers.add(provider.get("io.prescale.demo"));
    }
  }

  String endpoint() {
    return endpoint;
  }

  @Override
  public void emit(
      int f, long startEpochNanos, long endEpochNanos, boolean coldStart, String instance) {
    DemoFunction fn = functions.get(f);
    Span span =
        tracers
            .get(f)
            .spanBuilder("http".equals(fn.trigger()) ? "GET /" + fn.name() : fn.name())
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute(TRIGGER, fn.trigger())
            .setAttribute(COLD_START, coldStart)
            .setAttribute(INSTANCE, instance)
            .startSpan();
    span.end(endEpochNanos, TimeUnit.NANOSECONDS);
  }

  /** Exports what is queued, waiting at most {@code max}. */
  void flush(Duration max) {
    List<CompletableResultCode> all = new ArrayList<>();
    for (SdkTracerProvider p : providers) {
      all.add(p.forceFlush());
    }
    CompletableResultCode.ofAll(all).join(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    List<CompletableResultCode> all = new ArrayList<>();
    for (SdkTracerProvider p : providers) {
      all.add(p.shutdown());
    }
    CompletableResultCode.ofAll(all).join(5, TimeUnit.SECONDS);
  }
}
