package io.prescale.testkafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stops, kills and restarts one broker; each test leaves it running. */
class KafkaBrokerRestartTest {
  @TempDir static Path dir;
  static KafkaBroker kafka;
  // LogManager writes this marker when it closes the logs in a graceful shutdown
  static Path cleanShutdown;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
    cleanShutdown = kafka.workDir().resolve("kraft-logs").resolve(".kafka_cleanshutdown");
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void restartKeepsRecordsCommittedOffsetsAndTheBootstrapAddress() throws Exception {
    kafka.createTopic("restart", 1, Map.of());
    String bootstrap = kafka.bootstrapServers();
    long pidBefore = kafka.pid();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka, Map.of())) {
      for (int i = 0; i < 5; i++) {
        producer
            .send(new ProducerRecord<>("restart", "k", "before-" + i))
            .get(10, TimeUnit.SECONDS);
      }
      commitOffsetsOfGroup("restart-group", "restart", 5);

      kafka.restart();

      assertEquals(bootstrap, kafka.bootstrapServers());
      assertTrue(kafka.pid() != pidBefore, "a new child JVM");
      // the same producer, never closed, reconnects to the same address
      producer.send(new ProducerRecord<>("restart", "k", "after")).get(30, TimeUnit.SECONDS);
    }
    assertEquals(
        List.of("before-0", "before-1", "before-2", "before-3", "before-4", "after"),
        KafkaBrokerTest.values(KafkaClients.readAll(kafka, "restart", 6, Map.of())));
    try (Admin admin = kafka.admin()) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets("restart-group")
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      assertEquals(5, offsets.get(new TopicPartition("restart", 0)).offset());
    }
  }

  @Test
  void killThenRestartKeepsAcknowledgedRecords() throws Exception {
    kafka.createTopic("kill", 2, Map.of());
    List<String> sent = new ArrayList<>();
    try (KafkaProducer<String, String> producer = KafkaClients.producer(kafka, Map.of())) {
      for (int i = 0; i < 50; i++) {
        producer
            .send(new ProducerRecord<>("kill", "k" + (i % 2), "v" + i))
            .get(10, TimeUnit.SECONDS);
        sent.add("v" + i);
      }
    }
    Process child = kafka.process();

    kafka.kill();

    assertFalse(child.isAlive());
    assertFalse(kafka.isRunning());
    assertEquals(137, child.exitValue(), "SIGKILL, no shutdown");
    assertFalse(Files.exists(cleanShutdown), "the broker did not mark its logs cleanly closed");
    kafka.restart();
    List<String> read = KafkaBrokerTest.values(KafkaClients.readAll(kafka, "kill", 50, Map.of()));
    assertEquals(50, read.size(), "every acknowledged record, once: " + read);
    assertEquals(new java.util.HashSet<>(sent), new java.util.HashSet<>(read));
  }

  @Test
  void stopIsGracefulAndRestartStartsAgain() throws Exception {
    Process child = kafka.process();

    kafka.stop();

    assertFalse(child.isAlive());
    assertEquals(143, child.exitValue(), () -> tail(kafka.logFile()));
    assertTrue(
        Files.exists(cleanShutdown), "the broker's shutdown closed its logs: " + cleanShutdown);
    assertTrue(
        Files.readString(kafka.logFile()).contains("shut down completed"),
        () -> "the shutdown is in the log: " + tail(kafka.logFile()));
    kafka.restart();
    assertTrue(kafka.isRunning());
  }

  private static void commitOffsetsOfGroup(String group, String topic, int expected) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(List.of(topic));
      int read = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        read += consumer.poll(Duration.ofMillis(200)).count();
      }
      assertEquals(expected, read);
      consumer.commitSync(Duration.ofSeconds(10));
    }
  }

  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
