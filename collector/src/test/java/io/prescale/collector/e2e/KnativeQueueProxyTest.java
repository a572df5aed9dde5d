package io.prescale.collector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.prescale.collector.api.FunctionData;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Knative 1.19+ queue-proxies, as the real OpenTelemetry SDK exports their request metrics with
 * {@code request-metrics-protocol: http/protobuf}: one meter provider per pod, on the resource
 * {@code knative.dev/serving/pkg/queue/sharedmain} builds, with the instruments of {@code
 * pkg/queue/request_metric.go} ({@code kn.serving.invocation.duration} in seconds with Knative's
 * buckets and {@code http.response.status_code}; {@code kn.serving.queue.depth}) and otelhttp's
 * {@code http.server.request.duration} for the same requests. The store gets exact invocations,
 * errors, pods (instances and their starts) and in-flight, keyed {@code <namespace>/<service>}.
 */
class KnativeQueueProxyTest {
  private static final AttributeKey<Long> STATUS =
      AttributeKey.longKey("http.response.status_code");
  private static final List<Double> KNATIVE_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
  private static Vertx vertx;
  private static OtlpServers servers;
  private static FunctionData data;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    data =
        new FunctionData(TimeSource.system()).mount(Router.router(vertx), new PrometheusRegistry());
    servers =
        new OtlpServers(
            vertx,
            OtlpOptions.defaults().withBindHost("127.0.0.1").withPorts(0, 0).withServerInstances(1),
            data.sink(),
            new PrometheusRegistry(),
            TimeSource.system());
    servers.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The queue-proxy of one pod of revision image-resize-00001 of Service media/image-resize. */
  private static final class QueueProxy implements AutoCloseable {
    final SdkMeterProvider provider;
    final DoubleHistogram duration;
    final LongGauge depth;
    final DoubleHistogram httpDuration;

    QueueProxy(String pod) {
      Resource resource =
          Resource.getDefault()
              .merge(
                  Resource.create(
                      Attributes.builder()
                          .put("k8s.container.name", "queue-proxy")
                          .put("k8s.namespace.name", "media")
                          .put("k8s.pod.name", pod)
                          .put("service.version", "v1.19.0")
                          .put("service.name", "image-resize")
                          .put("service.instance.id", pod)
                          .put("kn.service.name", "image-resize")
                          .put("kn.configuration.name", "image-resize")
                          .put("kn.revision.name", "image-resize-00001")
                          .build()));
      provider =
          SdkMeterProvider.builder()
              .setResource(resource)
              .registerMetricReader(
                  PeriodicMetricReader.builder(
                          OtlpHttpMetricExporter.builder()
                              .setEndpoint("http://127.0.0.1:" + servers.httpPort() + "/v1/metrics")
                              .build())
                      .setInterval(Duration.ofHours(1)) // exported by forceFlush only
                      .build())
              .build();
      Meter meter = provider.get("knative.dev/serving/pkg/queue");
      duration =
          meter
              .histogramBuilder("kn.serving.invocation.duration")
              .setDescription("The duration of task execution")
              .setUnit("s")
              .setExplicitBucketBoundariesAdvice(KNATIVE_BUCKETS)
              .build();
      depth =
          meter
              .gaugeBuilder("kn.serving.queue.depth")
              .setDescription("Number of current requests in the queue")
              .setUnit("{request}")
              .ofLongs()
              .build();
      httpDuration =
          provider
              .get("go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp")
              .histogramBuilder("http.server.request.duration")
              .setUnit("s")
              .build();
    }

    void request(double seconds, long status, long inFlight) {
      depth.set(inFlight);
      duration.record(seconds, Attributes.of(STATUS, status));
      httpDuration.record(seconds, Attributes.of(STATUS, status));
    }

    void flush() {
      assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    }

    @Override
    public void close() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void queueProxyMetricsBecomeInvocationsErrorsPodsAndConcurrency() {
    try (QueueProxy a = new QueueProxy("image-resize-00001-deployment-7d9f-abcde");
        QueueProxy b = new QueueProxy("image-resize-00001-deployment-7d9f-fghij")) {
      for (int i = 0; i < 7; i++) {
        a.request(0.04, 200, 3);
      }
      a.request(1.2, 503, 3);
      for (int i = 0; i < 4; i++) {
        b.request(0.3, 200, 2);
      }
      a.flush();
      b.flush();

      FunctionKey key = new FunctionKey("media/image-resize");
      FunctionWindows w = data.store().get(key);
      assertNotNull(w, "keyed <namespace>/<Knative Service>, as the knative adapter's target");
      assertEquals(12, w.invocationsTotal()); // otelhttp's duplicate histogram is not counted
      assertEquals(1, w.errorsTotal());
      assertEquals(2, w.coldStartsTotal()); // each pod's first report: the pod started
      long now = System.currentTimeMillis() * 1_000_000L;
      assertEquals(2, w.liveInstances(now));
      assertEquals(5.0, w.concurrency(EpochNanos.second(newestNanos(w))), 1e-9);

      // the next export of the same pods: new requests only, no new pod starts
      a.request(0.02, 200, 1);
      a.request(0.02, 500, 1);
      a.flush();
      b.flush();
      assertEquals(14, w.invocationsTotal());
      assertEquals(2, w.errorsTotal());
      assertEquals(2, w.coldStartsTotal());
      assertEquals(2, w.liveInstances(System.currentTimeMillis() * 1_000_000L));
    }
  }

  private static long newestNanos(FunctionWindows w) {
    return w.newestNanos();
  }
}
