package io.prescale.cluster;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Cluster mode's series in /metrics (each replica exports its own; Prometheus sums them). */
final class ClusterMetrics {
  final Gauge partitionsOwned;
  final Gauge generation;
  final Gauge replicas;
  final Gauge lag;
  final Counter records;
  final Counter produced;
  final Counter producedBytes;
  final Counter producedWrites;
  final Counter produceFailures;
  final Histogram restoreSeconds;
  final Counter replayed;
  final Histogram checkpointSeconds;
  final Counter checkpointFailures;
  final Counter forwarded;
  final Counter fenced;
  final Counter ingestForgotten;

  ClusterMetrics(PrometheusRegistry registry) {
    partitionsOwned =
        Gauge.builder()
            .name("prescale_cluster_partitions_owned")
            .help("Partitions of the invocations topic this replica owns (and actuates)")
            .register(registry);
    generation =
        Gauge.builder()
            .name("prescale_cluster_generation")
            .help("The owners' consumer group generation this replica last joined")
            .register(registry);
    replicas =
        Gauge.builder()
            .name("prescale_cluster_replicas")
            .help("Live replicas this replica sees in the members topic, itself included")
            .register(registry);
    lag =
        Gauge.builder()
            .name("prescale_cluster_lag_records")
            .help("Records of the owned partitions not applied yet (end offset minus position)")
            .register(registry);
    records =
        Counter.builder()
            .name("prescale_cluster_records")
            .help(
                "Records read from the invocations topic by outcome: applied, undecodable,"
                    + " oversized, unknown_version (skipped), store_full (the function did not fit)")
            .labelNames("outcome")
            .register(registry);
    produced =
        Counter.builder()
            .name("prescale_cluster_produced_records")
            .help("Records this replica produced to the invocations topic (acknowledged)")
            .register(registry);
    producedBytes =
        Counter.builder()
            .name("prescale_cluster_produced_bytes")
            .help("Value bytes of the records produced to the invocations topic (acknowledged)")
            .register(registry);
    producedWrites =
        Counter.builder()
            .name("prescale_cluster_produced_writes")
            .help("Window writes (invocations, counts, samples) in the produced records")
            .register(registry);
    produceFailures =
        Counter.builder()
            .name("prescale_cluster_produce_failures")
            .help(
                "Records Kafka did not acknowledge (their request was answered 503 / UNAVAILABLE)")
            .register(registry);
    restoreSeconds =
        Histogram.builder()
            .name("prescale_cluster_restore_seconds")
            .help("Time to restore one assigned partition's functions from the state topic")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120)
            .register(registry);
    replayed =
        Counter.builder()
            .name("prescale_cluster_replayed_records")
            .help("Records applied after a restore, before the partition caught up and actuated")
            .register(registry);
    checkpointSeconds =
        Histogram.builder()
            .name("prescale_cluster_checkpoint_seconds")
            .help("Time to write one checkpoint transaction (one owned partition; they take turns)")
            .classicOnly()
            .classicUpperBounds(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30)
            .register(registry);
    checkpointFailures =
        Counter.builder()
            .name("prescale_cluster_checkpoint_failures")
            .help("Checkpoint transactions aborted or fenced (the next one retries)")
            .register(registry);
    forwarded =
        Counter.builder()
            .name("prescale_cluster_forwarded_requests")
            .help(
                "API requests for a function another replica owns, by outcome: forwarded,"
                    + " no_owner, failed")
            .labelNames("outcome")
            .register(registry);
    ingestForgotten =
        Counter.builder()
            .name("prescale_cluster_ingest_forgotten_functions")
            .help(
                "Functions the ingest side forgot (least recently seen) past twice --max-functions:"
                    + " their extractor state (span/metric choice, cumulative streams) starts over")
            .register(registry);
    fenced =
        Counter.builder()
            .name("prescale_cluster_fenced_actuations")
            .help("Adapter calls refused because this replica no longer owned the function")
            .register(registry);
  }
}
