package io.prescale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {
  private static ClusterConfig config(Map<String, String> user) {
    return new ClusterConfig(
        "127.0.0.1:9092",
        "prescale",
        12,
        (short) -1,
        true,
        user,
        List.of(),
        "r1",
        "http://127.0.0.1:8080",
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        ClusterConfig.DEFAULT_MAX_RECORD_BYTES,
        Duration.ofHours(24));
  }

  /**
   * The restore reader reads one state partition after another: with the broker's default long poll
   * (500 ms) the fetch left in flight at the end of one partition delayed the next one's by ~0.5 s
   * (bench/run-cluster.sh measured 2.7 s for 6 partitions, 0.6 s with the short wait).
   */
  @Test
  void restoreReaderDoesNotWaitOutTheBrokersLongPoll() {
    Map<String, Object> restore = new KafkaClients(config(Map.of())).readerConfig("restore");
    assertEquals(10, restore.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    assertEquals("read_committed", restore.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    assertEquals("prescale-r1-restore", restore.get(ConsumerConfig.CLIENT_ID_CONFIG));
  }

  @Test
  void membersReaderKeepsTheDefaultLongPoll() {
    Map<String, Object> members = new KafkaClients(config(Map.of())).readerConfig("members");
    assertFalse(members.containsKey(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), members.toString());
  }

  @Test
  void userSettingsWin() {
    Map<String, Object> restore =
        new KafkaClients(config(Map.of(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "50")))
            .readerConfig("restore");
    assertEquals("50", restore.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
  }
}
