package io.prescale.app;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Prescale's own health on {@code /metrics}: the Prometheus Java client's standard JVM and process
 * series ({@code jvm_memory_used_bytes}, {@code jvm_gc_collection_seconds}, {@code jvm_threads_*},
 * {@code process_cpu_seconds_total}, {@code process_open_fds}, ...) and {@code
 * prescale_build_info{version,java_version} 1}.
 */
final class SelfMetricsComponent implements Component {
  private final String version;

  /**
   * @param version the build's version ({@code dev} when run from classes)
   */
  SelfMetricsComponent(String version) {
    this.version = version;
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    JvmMetrics.builder().register(ctx.registry());
    Labels labels = Labels.of("version", version, "java_version", Runtime.version().toString());
    ctx.registry()
        .register(
            () ->
                MetricSnapshots.of(
                    GaugeSnapshot.builder()
                        .name("prescale_build_info")
                        .help("Always 1; the labels say which build of Prescale runs on which Java")
                        .dataPoint(
                            GaugeSnapshot.GaugeDataPointSnapshot.builder()
                                .labels(labels)
                                .value(1)
                                .build())
                        .build()));
  }

  @Override
  public void stop() {}
}
