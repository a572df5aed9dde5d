package io.prescale.cluster;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cluster mode's settings ({@code prescale run --kafka-*}): where Kafka is, the topics, this
 * replica's identity and the timings of ownership and checkpoints.
 *
 * @param bootstrap Kafka bootstrap servers, {@code HOST:PORT[,...]}
 * @param topicPrefix topics are {@code <prefix>.invocations}, {@code <prefix>.state}, {@code
 *     <prefix>.members}; the owners' consumer group is {@code <prefix>-owners}
 * @param partitions partitions of the invocations and state topics when Prescale creates them
 * @param replicationFactor replication of the created topics, -1 for the broker's default
 * @param createTopics create missing topics at start
 * @param clientProperties extra Kafka client settings (security, SASL, TLS), applied to every
 *     client
 * @param otlpTopics OpenTelemetry Collector {@code kafka} exporter topics to consume ({@code
 *     otlp_proto} encoding), empty for none
 * @param replicaId this replica's stable, unique id (the transactional id's suffix)
 * @param advertisedUrl how other replicas reach this one's API
 * @param sessionTimeout the owners' group session timeout: a dead replica's partitions move after
 *     it
 * @param checkpointInterval time between checkpoints of the owned functions' windows
 * @param maxRecordBytes largest record Prescale writes or reads on its topics
 * @param retention retention of the invocations topic when Prescale creates it
 */
public record ClusterConfig(
    String bootstrap,
    String topicPrefix,
    int partitions,
    short replicationFactor,
    boolean createTopics,
    Map<String, String> clientProperties,
    List<String> otlpTopics,
    String replicaId,
    String advertisedUrl,
    Duration sessionTimeout,
    Duration checkpointInterval,
    int maxRecordBytes,
    Duration retention) {

  public static final int DEFAULT_PARTITIONS = 24;
  public static final int DEFAULT_MAX_RECORD_BYTES = 1 << 20;

  public ClusterConfig {
    Objects.requireNonNull(bootstrap, "bootstrap");
    if (bootstrap.isBlank()) {
      throw new IllegalArgumentException("kafka-bootstrap is empty, must be HOST:PORT[,...]");
    }
    if (!topicPrefix.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException(
          "kafka-topic-prefix = '"
              + topicPrefix
              + "', must be 1 to 200 of letters, digits, '.', '_' and '-'");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new IllegalArgumentException(
          "kafka-partitions = " + partitions + ", must be in [1; 10000]");
    }
    if (replicationFactor != -1 && (replicationFactor < 1 || replicationFactor > 32)) {
      throw new IllegalArgumentException(
          "kafka-replication-factor = " + replicationFactor + ", must be -1 or in [1; 32]");
    }
    clientProperties = Map.copyOf(clientProperties);
    otlpTopics = List.copyOf(otlpTopics);
    OtlpTopics.parse(otlpTopics);
    if (!replicaId.matches("[A-Za-z0-9._-]{1,200}")) {
      throw new IllegalArgumentException(
          "replica-id = '"
              + replicaId
              + "', must be 1 to 200 of letters, digits, '.', '_' and '-'");
    }
    Objects.requireNonNull(advertisedUrl, "advertisedUrl");
    inRange("kafka-session-timeout", sessionTimeout, Duration.ofSeconds(2), Duration.ofMinutes(5));
    inRange(
        "checkpoint-interval", checkpointInterval, Duration.ofSeconds(1), Duration.ofMinutes(10));
    inRange("kafka-retention", retention, Duration.ofMinutes(10), Duration.ofDays(365));
    if (maxRecordBytes < 64 << 10 || maxRecordBytes > 64 << 20) {
      throw new IllegalArgumentException(
          "kafka-max-record-size = " + maxRecordBytes + " bytes, must be in [64KiB; 64MiB]");
    }
  }

  private static void inRange(String name, Duration d, Duration min, Duration max) {
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name
              + " = "
              + Durations.format(d)
              + ", must be in ["
              + Durations.format(min)
              + "; "
              + Durations.format(max)
              + "]");
    }
  }

  public String invocationsTopic() {
    return topicPrefix + ".invocations";
  }

  public String stateTopic() {
    return topicPrefix + ".state";
  }

  public String membersTopic() {
    return topicPrefix + ".members";
  }

  public String ownersGroup() {
    return topicPrefix + "-owners";
  }

  public String otlpGroup() {
    return topicPrefix + "-otlp";
  }
}
