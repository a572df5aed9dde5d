package io.prescale.cluster;

import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;

/**
 * One replica of a Prescale cluster: what {@code prescale run --kafka-bootstrap} wires. {@link
 * #create} checks the topics and opens the producer; its {@link #ingestTargets} go to the
 * collector's sink (every replica ingests); {@link #start} joins the owners' group over the
 * replica's {@link FunctionStore}; {@link #fence} wraps each adapter so only the owner scales a
 * function; {@link #route} tells the API whether a function is served here or by which replica.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ClusterNode.class.getName());

  private final ClusterConfig config;
  private final KafkaClients clients;
  private final KafkaProducer<byte[], byte[]> producer;
  private final ClusterMetrics metrics;
  private final TimeSource time;
  private final int partitions;
  private final ForwardingTargets targets;
  private final Ownership ownership;
  private final Members members;
  private final PulledState pulled;
  private OwnerLoop owner;
  private OtlpTopics otlp;

  private ClusterNode(
      ClusterConfig config,
      KafkaClients clients,
      KafkaProducer<byte[], byte[]> producer,
      ClusterMetrics metrics,
      TimeSource time,
      int partitions,
      ForwardingTargets targets) {
    this.config = config;
    this.clients = clients;
    this.producer = producer;
    this.metrics = metrics;
    this.time = time;
    this.partitions = partitions;
    this.targets = targets;
    this.ownership =
        new Ownership(partitions, config.replicaId(), time, config.sessionTimeout().toNanos() / 2);
    this.pulled = new PulledState(config.membersTopic(), config.replicaId(), producer);
    this.members = new Members(config, producer, clients, time, metrics, pulled);
  }

  /** Checks or creates the topics and opens the ingest producer; throws naming what is wrong. */
  public static ClusterNode create(
      ClusterConfig config,
      StoreConfig storeConfig,
      WindowConfig windowConfig,
      PrometheusRegistry registry,
      TimeSource time)
      throws ClusterException {
    KafkaClients clients = new KafkaClients(config);
    int partitions;
    Admin admin = clients.admin();
    try {
      partitions = TopicSetup.ensure(admin, config);
    } catch (KafkaException e) {
      throw new ClusterException("cannot reach Kafka at " + config.bootstrap() + ": " + e);
    } finally {
      admin.close(Duration.ofSeconds(5)); // not the default: it waits for calls that time out
    }
    if (partitions != config.partitions()) {
      LOG.info(
          config.invocationsTopic()
              + " has "
              + partitions
              + " partitions (--kafka-partitions applies to topics Prescale creates)");
    }
    ClusterMetrics metrics = new ClusterMetrics(registry);
    KafkaProducer<byte[], byte[]> producer = clients.ingestProducer();
    ForwardingTargets targets =
        new ForwardingTargets(producer, config, partitions, storeConfig, windowConfig, metrics);
    return new ClusterNode(config, clients, producer, metrics, time, partitions, targets);
  }

  public ClusterConfig config() {
    return config;
  }

  public int partitions() {
    return partitions;
  }

  /** What the collector's sink writes through: the producer of the invocations topic. */
  public WindowTargets ingestTargets() {
    return targets;
  }

  /**
   * Joins the owners' group: this replica's {@code store} then holds the functions it owns; with
   * {@code --kafka-otlp-topics}, also consumes the Collector's topics into {@code sink}.
   */
  public void start(FunctionStore store, TelemetrySink sink) {
    members.start();
    owner = new OwnerLoop(config, clients, store, ownership, metrics, members, time);
    owner.start();
    if (!config.otlpTopics().isEmpty()) {
      otlp = new OtlpTopics(config, clients, sink, time, metrics);
      otlp.start();
    }
  }

  /** {@code adapter}, scaling only the functions this replica owns (see {@link FencedAdapter}). */
  public ScalingAdapter fence(ScalingAdapter adapter) {
    return new FencedAdapter(adapter, ownership, metrics, pulled);
  }

  /**
   * How this replica finds an adapter by name (its adapter registry): the decisions other replicas
   * share for adapters that serve pulled state (KEDA) are applied to it.
   */
  public void adapters(Function<String, ScalingAdapter> resolver) {
    pulled.adapters(resolver);
  }

  /** Where a function's API requests are served. */
  public sealed interface Route {}

  /** This replica owns the function. */
  public record Local() implements Route {}

  /** Another live replica owns it. */
  public record Remote(String replica, String url, int partition) implements Route {}

  /** No live replica owns its partition now (a handover is under way). */
  public record NoOwner(int partition) implements Route {}

  public Route route(FunctionKey key) {
    int p = ownership.partitionOf(key);
    if (ownership.owns(p)) {
      return new Local();
    }
    Members.Member m = members.ownerOf(p);
    if (m == null || m.replica().equals(config.replicaId())) {
      return new NoOwner(p);
    }
    return new Remote(m.replica(), m.url(), p);
  }

  /**
   * Counts a forwarded API request by outcome ({@code forwarded}, {@code no_owner}, {@code
   * failed}).
   */
  public void countForward(String outcome) {
    metrics.forwarded.labelValues(outcome).inc();
  }

  /** The cluster as this replica sees it, for {@code GET /api/v1/cluster}. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("replica", config.replicaId());
    out.put("url", config.advertisedUrl());
    out.put("generation", owner == null ? -1 : owner.generation());
    out.put("partitions", partitions);
    List<Integer> mine = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (ownership.owns(p)) {
        mine.add(p);
      }
    }
    out.put("owned", mine);
    List<Map<String, Object>> ms = new ArrayList<>();
    boolean[] covered = new boolean[partitions];
    long nowMillis = time.instant().toEpochMilli();
    for (Members.Member m : members.live()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("replica", m.replica());
      e.put("url", m.url());
      e.put("generation", m.generation());
      e.put("partitions", m.partitions());
      e.put("functions", m.functions());
      e.put("ageSeconds", Math.max(0, nowMillis - m.atMillis()) / 1000.0);
      ms.add(e);
      for (int p : m.partitions()) {
        if (p >= 0 && p < partitions) {
          covered[p] = true;
        }
      }
    }
    out.put("replicas", ms);
    List<Integer> unowned = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      if (!covered[p] && !ownership.owns(p)) {
        unowned.add(p);
      }
    }
    out.put("unowned", unowned);
    out.put(
        "topics",
        Map.of(
            "invocations", config.invocationsTopic(),
            "state", config.stateTopic(),
            "members", config.membersTopic()));
    return out;
  }

  /** Leaves the group (last checkpoint, partitions handed over) and closes the clients. */
  @Override
  public void close() {
    if (otlp != null) {
      otlp.stop();
    }
    if (owner != null) {
      owner.stop(Duration.ofSeconds(60));
    }
    members.stop();
    try {
      producer.close(Duration.ofSeconds(30));
    } catch (RuntimeException e) {
      LOG.warning("closing the ingest producer: " + e);
    }
  }
}
