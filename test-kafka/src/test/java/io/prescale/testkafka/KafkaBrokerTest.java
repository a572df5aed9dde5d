package io.prescale.testkafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One broker shared by tests that do not stop it. */
class KafkaBrokerTest {
  @TempDir static Path dir;
  static KafkaBroker kafka;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void producedRecordsAreConsumedInOrder() throws Exception {
    kafka.createTopic("round-trip", 1, Map.of());
    try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka, Map.of())) {
      for (int i = 0; i < 10; i++) {
        producer
            .send(new ProducerRecord<>("round-trip", "k" + i, "v" + i))
            .get(10, TimeUnit.SECONDS);
      }
    }
    List<ConsumerRecord<String, String>> records =
        KafkaClients.readAll(kafka, "round-trip", 10, Map.of());
    List<String> values = new ArrayList<>();
    records.forEach(r -> values.add(r.key() + "=" + r.value()));
    assertEquals(
        List.of(
            "k0=v0", "k1=v1", "k2=v2", "k3=v3", "k4=v4", "k5=v5", "k6=v6", "k7=v7", "k8=v8",
            "k9=v9"),
        values);
  }

  @Test
  void readCommittedSeesOnlyCommittedTransactions() throws Exception {
    kafka.createTopic("transactions", 1, Map.of());
    try (KafkaProducer<String, String> producer =
        KafkaClients.producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-1"))) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "committed-1"));
      producer.send(new ProducerRecord<>("transactions", "k", "committed-2"));
      producer.commitTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "aborted-1"));
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>("transactions", "k", "committed-3"));
      producer.commitTransaction();
    }
    assertEquals(
        List.of("committed-1", "committed-2", "committed-3"),
        values(
            KafkaClients.readAll(
                kafka,
                "transactions",
                3,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))));
    assertEquals(
        List.of("committed-1", "committed-2", "aborted-1", "committed-3"),
        values(
            KafkaClients.readAll(
                kafka,
                "transactions",
                4,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))),
        "the aborted record is in the log, only read_committed hides it");
  }

  @Test
  void compactedTopicKeepsTheLatestValuePerKey() throws Exception {
    kafka.createTopic(
        "compacted",
        1,
        Map.of(
            "cleanup.policy", "compact",
            "segment.ms", "100",
            "min.cleanable.dirty.ratio", "0.01"));
    try (Admin admin = kafka.admin()) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
      Config config =
          admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
      assertEquals("compact", config.get("cleanup.policy").value());
    }
    try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka, Map.of())) {
      for (int i = 1; i <= 20; i++) {
        producer.send(new ProducerRecord<>("compacted", "a", "a" + i));
        producer.send(new ProducerRecord<>("compacted", "b", "b" + i));
      }
      producer.flush();
      Thread.sleep(300);
      // a record after segment.ms rolls the segment, so the one before it can be cleaned
      producer.send(new ProducerRecord<>("compacted", "c", "c1")).get(10, TimeUnit.SECONDS);
    }
    List<String> seen = List.of();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      seen = values(KafkaClients.readAll(kafka, "compacted", 3, Map.of()));
      if (seen.size() == 3) {
        break;
      }
      Thread.sleep(200);
    }
    assertEquals(List.of("a20", "b20", "c1"), seen, "the log cleaner compacted the old segment");
  }

  static List<String> values(List<ConsumerRecord<String, String>> records) {
    List<String> values = new ArrayList<>();
    records.forEach(r -> values.add(r.value()));
    return values;
  }
}
