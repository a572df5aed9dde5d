package io.prescale.testkafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The broker's {@code server.properties} for tests and the child JVM's logging configuration. */
final class BrokerConfig {
  private BrokerConfig() {}

  /**
   * One KRaft node, broker and controller, with a static single-voter quorum; replication factors
   * and in-sync minimums of 1, no initial rebalance delay, no automatic topic creation, one
   * partition per internal topic (they are created fast) and a log cleaner that runs often, so
   * tests can exercise compaction with topic configs such as {@code segment.ms}.
   */
  static String serverProperties(
      int brokerPort, int controllerPort, Path logDir, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    p.put("num.partitions", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("auto.create.topics.enable", "false");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // after a kill the controller refuses the new broker's registration while the old session
    // lives (DUPLICATE_BROKER_REGISTRATION): 3 s instead of 9 s, heartbeats 6 times as often
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "3000");
    // small segments (the minimum) and a cleaner that looks every 200 ms with a small buffer
    p.put("log.segment.bytes", "1048576");
    p.put("log.cleaner.enable", "true");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.backoff.ms", "200");
    p.put("log.cleaner.dedupe.buffer.size", "8388608");
    p.put("log.cleaner.io.buffer.size", "65536");
    p.put("log.retention.check.interval.ms", "1000");
    // two cores shared with the tests: few threads
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    p.putAll(overrides);
    StringBuilder text = new StringBuilder("# written by io.prescale.testkafka.KafkaBroker\n");
    p.forEach((key, value) -> text.append(key).append('=').append(escape(value)).append('\n'));
    return text.toString();
  }

  /** java.util.logging (SLF4J's jdk14 provider in the child): one line per event, to stderr. */
  static String loggingProperties() {
    return String.join(
        "\n",
        "handlers=java.util.logging.ConsoleHandler",
        ".level=INFO",
        "java.util.logging.ConsoleHandler.level=ALL",
        "java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s %5$s%6$s%n",
        "");
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
