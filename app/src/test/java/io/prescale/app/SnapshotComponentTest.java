package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The --data-dir component in process: restore at start, periodic/final writes, metrics, failures.
 */
class SnapshotComponentTest {
  private static final FunctionKey FN = FunctionKey.of("snap-fn");
  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-11-27T10:00:00Z"));
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private ControlPlaneContext context() {
    ControlPlaneContext ctx =
        new ControlPlaneContext(vertx, Router.router(vertx), new PrometheusRegistry(), time);
    new FunctionDataComponent().start(ctx);
    return ctx;
  }

  private void invoke(FunctionStore store) {
    long end = time.epochNanos();
    store
        .getOrCreate(FN, end)
        .recordInvocation(
            new Invocation(FN, end - 50_000_000L, end, false, Trigger.HTTP, false, "i-1", 0));
    time.advance(Duration.ofSeconds(1));
  }

  @Test
  void restoresAtStartWritesWithMetricsAndAtStop() throws Exception {
    ControlPlaneContext first = context();
    SnapshotComponent c1 = new SnapshotComponent(dir, Duration.ofHours(1));
    c1.start(first);
    invoke(first.functionStore());
    assertTrue(c1.write());
    String metrics = scrape(first.registry());
    assertTrue(metrics.contains("prescale_snapshot_functions 1.0"), metrics);
    assertTrue(
        metrics.contains(
            "prescale_snapshot_bytes "
                + (double) Files.size(dir.resolve(WindowsSnapshot.FILE_NAME))),
        metrics);
    assertTrue(
        metrics.contains(
            "prescale_snapshot_last_success_timestamp_seconds "
                + (double) time.instant().getEpochSecond()),
        metrics);
    assertTrue(metrics.contains("prescale_snapshot_duration_seconds_count 1"), metrics);
    assertTrue(metrics.contains("prescale_snapshot_failures_total 0.0"), metrics);
    invoke(first.functionStore()); // after the last periodic write: only the final one has it
    c1.stop();

    ControlPlaneContext second = context();
    new SnapshotComponent(dir, Duration.ofHours(1)).start(second);
    assertEquals(
        2, second.functionStore().get(FN).invocationsTotal(), "restored before any data arrived");
  }

  /** One cumulative {@code faas.invocations} point of {@link #FN}'s only stream, received now. */
  private void cumulative(ControlPlaneContext ctx, long streamStartNanos, long value) {
    long now = time.epochNanos();
    var point =
        NumberDataPoint.newBuilder()
            .setStartTimeUnixNano(streamStartNanos)
            .setTimeUnixNano(now)
            .setAsInt(value);
    var metric =
        Metric.newBuilder()
            .setName("faas.invocations")
            .setSum(
                Sum.newBuilder()
                    .setIsMonotonic(true)
                    .addDataPoints(point)
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE));
    var resource =
        Resource.newBuilder()
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("faas.name")
                    .setValue(AnyValue.newBuilder().setStringValue(FN.value())));
    var request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(resource)
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
            .build();
    var result = ctx.get(TelemetrySink.class).acceptMetrics(request, now);
    assertEquals(0, result.rejected(), result.toString());
    time.advance(Duration.ofSeconds(10));
  }

  @Test
  void cumulativeBaselinesSurviveTheRestartSoNothingIsLost() throws Exception {
    ControlPlaneContext first = context();
    SnapshotComponent c1 = new SnapshotComponent(dir, Duration.ofHours(1));
    c1.start(first);
    long streamStart =
        time.epochNanos() + 1_000_000_000L; // began after the collector: counts from zero
    time.advance(Duration.ofSeconds(5));
    cumulative(first, streamStart, 10);
    cumulative(first, streamStart, 25);
    c1.stop();
    assertEquals(25, first.functionStore().get(FN).invocationsTotal());

    time.advance(Duration.ofMinutes(5)); // down for five minutes; the stream went on
    ControlPlaneContext second = context();
    new SnapshotComponent(dir, Duration.ofHours(1)).start(second);
    cumulative(second, streamStart, 40);
    assertEquals(
        40,
        second.functionStore().get(FN).invocationsTotal(),
        "the 15 across the restart are counted");
    cumulative(second, time.epochNanos() - 2_000_000_000L, 3); // the function restarted: a reset
    assertEquals(43, second.functionStore().get(FN).invocationsTotal());
  }

  @Test
  void theRestartGuardHoldsScaleDownsOfRestoredFunctions() throws Exception {
    ControlPlaneContext first = context();
    SnapshotComponent c1 = new SnapshotComponent(dir, Duration.ofHours(1));
    c1.start(first);
    invoke(first.functionStore());
    c1.stop();

    ControlPlaneContext second = context();
    new SnapshotComponent(dir, Duration.ofHours(1)).start(second);
    assertEquals(1, second.functionStore().get(FN).invocationsTotal());
    AdapterComponent adapters = new AdapterComponent(Map.of(), EngineConfig.defaults());
    adapters.start(second);
    try {
      var engine = second.get(ScalingEngine.class);
      var spec = DeciderSpec.defaults();
      var up =
          engine
              .submit(spec, ScaleDecision.of(FN, time.epochNanos(), 5, "test", "up", Map.of()))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals(ApplyOutcome.Kind.SCALED, up.kind(), up.toString());
      var down =
          engine
              .submit(spec, ScaleDecision.of(FN, time.epochNanos(), 1, "test", "down", Map.of()))
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals(ApplyOutcome.Kind.NOOP, down.kind(), down.toString());
      assertTrue(
          down.detail().contains("no scale-down in the first stable window after start"),
          down.detail());
    } finally {
      adapters.stop();
    }
  }

  @Test
  void aFailedWriteIsCountedAndKeepsThePreviousSnapshot() throws Exception {
    ControlPlaneContext ctx = context();
    SnapshotComponent c = new SnapshotComponent(dir, Duration.ofHours(1));
    c.start(ctx);
    invoke(ctx.functionStore());
    assertTrue(c.write());
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    byte[] before = Files.readAllBytes(file);
    Path blocker =
        Files.createDirectory(dir.resolve(WindowsSnapshot.FILE_NAME + ".tmp")); // cannot be opened
    Files.writeString(blocker.resolve("keep"), "so that it cannot be removed either");
    invoke(ctx.functionStore());
    assertFalse(c.write());
    assertTrue(scrape(ctx.registry()).contains("prescale_snapshot_failures_total 1.0"));
    c.stop(); // the final write fails too, and does not throw
    assertTrue(scrape(ctx.registry()).contains("prescale_snapshot_failures_total 2.0"));
    assertArrayEquals(before, Files.readAllBytes(file));
  }

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
