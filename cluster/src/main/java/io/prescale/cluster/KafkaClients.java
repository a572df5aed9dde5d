package io.prescale.cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients of one replica, each with the user's extra settings laid over Prescale's. */
final class KafkaClients {
  private final ClusterConfig config;

  KafkaClients(ClusterConfig config) {
    this.config = config;
  }

  private Map<String, Object> common(String role) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrap());
    p.put(CommonClientConfigs.CLIENT_ID_CONFIG, "prescale-" + config.replicaId() + "-" + role);
    p.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
    return p;
  }

  private static <T extends Map<String, Object>> T over(T p, Map<String, String> user) {
    p.putAll(user);
    return p;
  }

  Admin admin() {
    return Admin.create(over(common("admin"), config.clientProperties()));
  }

  /**
   * The producer of the invocations and members topics: idempotent, acks from every in-sync
   * replica, a record retried until {@code delivery.timeout.ms} (2 min) before its request is
   * answered 503.
   */
  KafkaProducer<byte[], byte[]> ingestProducer() {
    Map<String, Object> p = common("ingest");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, config.maxRecordBytes() + 1024));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return new KafkaProducer<>(
        over(p, config.clientProperties()), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * The checkpoint producer: transactional, its id stable per replica ({@code
   * prescale-<replica>-state}), so a restarted replica fences its previous incarnation.
   */
  KafkaProducer<byte[], byte[]> stateProducer() {
    Map<String, Object> p = common("state");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "prescale-" + config.replicaId() + "-state");
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, config.maxRecordBytes() + 1024));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    return new KafkaProducer<>(
        over(p, config.clientProperties()), new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The owners' group member: partitions assigned by the cooperative sticky assignor. */
  KafkaConsumer<byte[], byte[]> ownerConsumer() {
    Map<String, Object> p = common("owner");
    long session = config.sessionTimeout().toMillis();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.ownersGroup());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
    p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(200, session / 5));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    p.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Math.max(1 << 20, config.maxRecordBytes() + 1024));
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return new KafkaConsumer<>(
        over(p, config.clientProperties()),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  /** A consumer without a group (partitions assigned by hand), reading committed records only. */
  KafkaConsumer<byte[], byte[]> reader(String role) {
    return new KafkaConsumer<>(
        readerConfig(role), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The settings of {@link #reader}, the user's laid over Prescale's. */
  Map<String, Object> readerConfig(String role) {
    Map<String, Object> p = common(role);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    if (role.equals("restore")) {
      // a restore reads one partition to a known end, then the next: the fetch the consumer
      // already sent for the finished partition is held by the broker up to fetch.max.wait.ms
      // (500 ms by default) and no other fetch goes to that broker meanwhile, so each partition
      // waited ~0.5 s whatever its size (bench/RESULTS.md, cluster mode)
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    }
    p.put(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        Math.max(1 << 20, config.maxRecordBytes() + 1024));
    return over(p, config.clientProperties());
  }

  /** A member of the group consuming the Collector's OTLP topics. */
  KafkaConsumer<byte[], byte[]> otlpConsumer() {
    Map<String, Object> p = common("otlp");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.otlpGroup());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis());
    p.put(
        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        (int) Math.max(200, config.sessionTimeout().toMillis() / 5));
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
    return new KafkaConsumer<>(
        over(p, config.clientProperties()),
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
  }

  static Duration pollTimeout() {
    return Duration.ofMillis(200);
  }
}
