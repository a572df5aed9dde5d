package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Cluster mode's options: usage errors name the option, the value and the allowed range. */
class ClusterCliTest {
  @Test
  void demoStaysSingleNode() {
    PolicyCliTest.Run r = PolicyCliTest.run("demo", "--kafka-bootstrap", "127.0.0.1:9092");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("prescale demo runs one process"), r.err());
  }

  @Test
  void badValuesAreUsageErrorsNamingTheOption() {
    String[][] cases = {
      {"--kafka-topic-prefix", "a b", "kafka-topic-prefix = 'a b'"},
      {"--kafka-partitions", "0", "kafka-partitions = 0, must be in [1; 10000]"},
      {"--kafka-session-timeout", "1s", "kafka-session-timeout = 1s, must be in [2s; 5m]"},
      {"--checkpoint-interval", "1h", "checkpoint-interval = 1h, must be in [1s; 10m]"},
      {"--kafka-otlp-topics", "spans", "kafka-otlp-topics entry 'spans'"},
      {"--replica-id", "r/1", "replica-id = 'r/1'"},
      {"--advertised-url", "host:8080", "advertised-url = 'host:8080'"},
      {"--max-functions", "0", "--max-functions = 0, must be in [1; 10000000]"},
    };
    for (String[] c : cases) {
      PolicyCliTest.Run r =
          PolicyCliTest.run(
              "run", "--kafka-bootstrap", "127.0.0.1:9", "--http-port", "0", c[0], c[1]);
      assertEquals(2, r.code(), c[0] + ": " + r.err());
      assertTrue(r.err().contains(c[2]), c[0] + ": " + r.err());
    }
  }
}
