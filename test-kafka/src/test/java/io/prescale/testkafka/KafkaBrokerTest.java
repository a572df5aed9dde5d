package io.prescale.testkafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
}
