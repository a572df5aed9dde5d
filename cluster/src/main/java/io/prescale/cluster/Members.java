package io.prescale.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.core.time.TimeSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Who owns what (and the decisions shared by {@link PulledState}): each replica publishes, to the
 * compacted members topic (key: its replica id), its API URL, group generation and owned
 * partitions, when they change and every {@link #PERIOD}; and reads every replica's record on its
 * own thread. A record older than three periods is a replica that stopped: its partitions count as
 * unowned until the group gives them to another.
 */
final class Members {
  private static final Logger LOG = Logger.getLogger(Members.class.getName());
  static final Duration PERIOD = Duration.ofSeconds(5);

  /** Replicas remembered at most (a topic of junk keys cannot grow the map without bound). */
  static final int MAX_MEMBERS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One replica as it last published itself. */
  record Member(
      String replica,
      String url,
      int generation,
      Set<Integer> partitions,
      int functions,
      long atMillis) {}

  private final ClusterConfig config;
  private final Producer<byte[], byte[]> producer;
  private final TimeSource time;
  private final ClusterMetrics metrics;
  private final Map<String, Member> members = new ConcurrentHashMap<>();
  private final PulledState pulled;
  private final Thread thread;
  private volatile boolean stopping;
  private KafkaConsumer<byte[], byte[]> consumer;
  private String lastPublished = "";
  private long lastPublishNanos;

  Members(
      ClusterConfig config,
      Producer<byte[], byte[]> producer,
      KafkaClients clients,
      TimeSource time,
      ClusterMetrics metrics,
      PulledState pulled) {
    this.pulled = pulled;
    this.config = config;
    this.producer = producer;
    this.time = time;
    this.metrics = metrics;
    this.consumer = clients.reader("members");
    this.thread = new Thread(this::run, "prescale-cluster-members");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      producer.send(new ProducerRecord<>(config.membersTopic(), 0, key(config.replicaId()), null));
      producer.flush();
    } catch (RuntimeException e) {
      LOG.fine("members tombstone: " + e);
    }
  }

  private static byte[] key(String replica) {
    return replica.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Publishes this replica (with the number of functions it holds) when its generation or
   * partitions changed, or a period passed.
   */
  void publish(int generation, Set<Integer> partitions, int functions) {
    String state = generation + " " + partitions;
    long now = time.nanoTime();
    if (state.equals(lastPublished) && now - lastPublishNanos < PERIOD.toNanos()) {
      return;
    }
    lastPublished = state;
    lastPublishNanos = now;
    ObjectNode n = JSON.createObjectNode();
    n.put("replica", config.replicaId());
    n.put("url", config.advertisedUrl());
    n.put("generation", generation);
    partitions.forEach(n.putArray("partitions")::add);
    n.put("functions", functions);
    n.put("at", time.instant().toEpochMilli());
    try {
      byte[] value = JSON.writeValueAsBytes(n);
      producer.send(new ProducerRecord<>(config.membersTopic(), 0, key(config.replicaId()), value));
      members.put(config.replicaId(), read(value));
    } catch (Exception e) {
      LOG.fine("members publish: " + e);
    }
  }

  private void run() {
    TopicPartition tp = new TopicPartition(config.membersTopic(), 0);
    try {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      while (!stopping) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (PulledState.isKey(r.key())) {
            pulled.receive(r.value());
            continue;
          }
          String id = new String(r.key() == null ? new byte[0] : r.key(), StandardCharsets.UTF_8);
          if (r.value() == null) {
            members.remove(id);
            continue;
          }
          Member m = read(r.value());
          if (m != null
              && m.replica().equals(id)
              && (members.size() < MAX_MEMBERS || members.containsKey(id))) {
            members.put(id, m);
          }
        }
        forgetStale();
        metrics.replicas.set(live().size());
      }
    } catch (WakeupException | InterruptException e) {
      // stopping
    } catch (RuntimeException e) {
      LOG.warning("members reader stopped: " + e + "; other replicas' ownership is unknown");
    } finally {
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        LOG.fine("members reader close: " + e);
      }
    }
  }

  private static Member read(byte[] value) {
    try {
      JsonNode n = JSON.readTree(value);
      Set<Integer> ps = new TreeSet<>();
      for (JsonNode p : n.path("partitions")) {
        ps.add(p.asInt());
      }
      return new Member(
          n.path("replica").asText(),
          n.path("url").asText(),
          n.path("generation").asInt(-1),
          ps,
          n.path("functions").asInt(0),
          n.path("at").asLong());
    } catch (Exception e) {
      return null; // not a member record: ignored
    }
  }

  /** Forgets replicas silent for ten periods (their records stay in the topic until compacted). */
  private void forgetStale() {
    long cutoff = time.instant().toEpochMilli() - 10 * PERIOD.toMillis();
    members.values().removeIf(m -> m.atMillis() < cutoff);
  }

  /** The replicas that published within three periods, by id. */
  List<Member> live() {
    long cutoff = time.instant().toEpochMilli() - 3 * PERIOD.toMillis();
    List<Member> out = new ArrayList<>();
    for (Member m : members.values()) {
      if (m.atMillis() >= cutoff) {
        out.add(m);
      }
    }
    out.sort(Comparator.comparing(Member::replica));
    return out;
  }

  /** The live replica that owns {@code partition} (the highest generation wins), or null. */
  Member ownerOf(int partition) {
    Member best = null;
    for (Member m : live()) {
      if (m.partitions().contains(partition)
          && (best == null || m.generation() > best.generation())) {
        best = m;
      }
    }
    return best;
  }
}
