package io.prescale.app.adapters;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.prescale.app.ChildRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the Cloud Run and Azure Functions end-to-end tests share: {@code prescale run} in its own
 * JVM with a policy, and a real OpenTelemetry SDK exporting SERVER spans over OTLP/HTTP with the
 * resource a platform sets.
 */
final class CloudPlatformRuns {
  private CloudPlatformRuns() {}

  static ChildRun run(Path dir, String policyYaml, Map<String, String> env, String name)
      throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, policyYaml);
    ProcessBuilder pb = new ProcessBuilder(ChildRun.runCommand(policy, "--http-port", "0"));
    pb.environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("AZURE_")
                    || k.startsWith("GOOGLE_")
                    || k.startsWith("IDENTITY_")
                    || k.startsWith("MSI_")
                    || k.startsWith("PRESCALE_"));
    pb.environment().putAll(env);
    return ChildRun.start(pb, name);
  }

  /**
   * A tracer provider exporting in batches (flushed by {@link #invocations}) to the run's OTLP/HTTP
   * port.
   */
  static SdkTracerProvider tracer(ChildRun run, Resource resource) {
    return SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(
            BatchSpanProcessor.builder(
                    OtlpHttpSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + run.otlpPort() + "/v1/traces")
                        .setTimeout(Duration.ofSeconds(5))
                        .build())
                .build())
        .build();
  }

  /** {@code n} SERVER invocation spans of 40 ms each, ended just now, with {@code attributes}. */
  static void invocations(
      SdkTracerProvider provider, String scope, String name, Attributes attributes, int n) {
    Tracer tracer = provider.get(scope);
    for (int i = 0; i < n; i++) {
      Instant start = Instant.now().minusMillis(60 + i);
      Span s =
          tracer
              .spanBuilder(name)
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(start)
              .setAllAttributes(attributes)
              .startSpan();
      s.end(start.plusMillis(40));
    }
    provider.forceFlush().join(5, TimeUnit.SECONDS);
  }

  static String get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() + " " + r.body();
  }

  static void stop(Process process) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
