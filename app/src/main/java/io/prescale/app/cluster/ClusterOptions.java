package io.prescale.app.cluster;

import io.prescale.app.ByteSizeConverter;
import io.prescale.app.DurationConverter;
import io.prescale.cluster.ClusterConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code prescale run}'s cluster mode options; {@code --kafka-bootstrap} turns it on. */
public final class ClusterOptions {
  @Option(
      names = "--kafka-bootstrap",
      paramLabel = "HOST:PORT[,...]",
      description =
          "Cluster mode: run as one of several replicas sharing the functions over Apache Kafka at"
              + " these bootstrap servers (see README, Running several replicas). Default: off, one"
              + " process holds every function.")
  String bootstrap;

  @Option(
      names = "--kafka-topic-prefix",
      paramLabel = "NAME",
      defaultValue = "prescale",
      description =
          "Topics <NAME>.invocations, <NAME>.state, <NAME>.members and the group <NAME>-owners"
              + " (default: ${DEFAULT-VALUE}).")
  String topicPrefix;

  @Option(
      names = "--kafka-partitions",
      paramLabel = "N",
      defaultValue = "24",
      description =
          "Partitions of the invocations and state topics when Prescale creates them; at least the"
              + " most replicas you will run (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--kafka-replication-factor",
      paramLabel = "N",
      defaultValue = "-1",
      description =
          "Replication of the topics Prescale creates; -1 for the broker's default.replication.factor"
              + " (default: ${DEFAULT-VALUE}).")
  short replicationFactor;

  @Option(
      names = "--kafka-create-topics",
      paramLabel = "true|false",
      defaultValue = "true",
      arity = "1",
      description =
          "Create missing topics at start; false when they are managed elsewhere (Strimzi"
              + " KafkaTopic) (default: ${DEFAULT-VALUE}).")
  boolean createTopics;

  @Option(
      names = "--kafka-retention",
      paramLabel = "DURATION",
      defaultValue = "24h",
      converter = DurationConverter.Positive.class,
      description =
          "Retention of the invocations topic when Prescale creates it; well above"
              + " --checkpoint-interval (default: ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      description =
          "Kafka client properties laid over Prescale's for every client (security.protocol, sasl.*,"
              + " ssl.*). Default: none.")
  Path clientConfig;

  @Option(
      names = "--kafka-otlp-topics",
      paramLabel = "KIND:TOPIC",
      split = ",",
      description =
          "Also consume these OpenTelemetry Collector kafka exporter topics (encoding otlp_proto),"
              + " e.g. otlp_spans,otlp_metrics, in the group <prefix>-otlp. Default: none.")
  List<String> otlpTopics = List.of();

  @Option(
      names = "--replica-id",
      paramLabel = "ID",
      description =
          "This replica's id, unique in the cluster and stable across its restarts (the checkpoint"
              + " producer's transactional id). Default: the host name.")
  String replicaId;

  @Option(
      names = "--advertised-url",
      paramLabel = "URL",
      description =
          "How the other replicas reach this one's API, to forward requests for its functions."
              + " Default: http://<host name>:<--http-port>.")
  String advertisedUrl;

  @Option(
      names = "--kafka-session-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.Positive.class,
      description =
          "A replica silent this long loses its functions to the others; 2s to 5m. Shorter: faster"
              + " handover after a crash, more false ones under GC or network pauses"
              + " (default: ${DEFAULT-VALUE}).")
  Duration sessionTimeout;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.Positive.class,
      description =
          "Time between checkpoints of the owned functions' windows to <prefix>.state; a new owner"
              + " replays at most this much of the invocations topic; 1s to 10m (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Option(
      names = "--kafka-max-record-size",
      paramLabel = "SIZE",
      defaultValue = "1MiB",
      converter = ByteSizeConverter.class,
      description =
          "Largest record Prescale writes or accepts on its topics; larger read ones are counted and"
              + " skipped; 64KiB to 64MiB (default: ${DEFAULT-VALUE}).")
  int maxRecordBytes;

  public boolean enabled() {
    return bootstrap != null;
  }

  /** The validated settings; throws IllegalArgumentException naming the option. */
  public ClusterConfig config(int httpPort) {
    String host = hostName();
    String id = replicaId != null ? replicaId : host.replaceAll("[^A-Za-z0-9._-]", "-");
    String url = advertisedUrl != null ? advertisedUrl : "http://" + host + ":" + httpPort;
    if (!url.matches("https?://[^/\\s]+")) {
      throw new IllegalArgumentException(
          "advertised-url = '" + url + "', must be http(s)://HOST:PORT without a path");
    }
    return new ClusterConfig(
        bootstrap,
        topicPrefix,
        partitions,
        replicationFactor,
        createTopics,
        clientProperties(),
        otlpTopics,
        id,
        url,
        sessionTimeout,
        checkpointInterval,
        maxRecordBytes,
        retention);
  }

  private Map<String, String> clientProperties() {
    if (clientConfig == null) {
      return Map.of();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(clientConfig)) {
      p.load(in);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "kafka-config = " + clientConfig + " cannot be read as properties: " + e.getMessage());
    }
    Map<String, String> m = new HashMap<>();
    p.forEach((k, v) -> m.put(String.valueOf(k), String.valueOf(v)));
    return m;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
