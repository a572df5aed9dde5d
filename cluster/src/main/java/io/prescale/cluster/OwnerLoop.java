package io.prescale.cluster;

import io.prescale.collector.snapshot.FunctionState;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The owner side of cluster mode, on its own thread: a member of the owners' consumer group on the
 * invocations topic. For each partition it is given it restores the functions' windows from the
 * state topic, replays the records after the checkpoint, and once caught up grants the partition to
 * {@link Ownership} (its functions may be actuated). Every record is applied to the {@link
 * FunctionStore} exactly once: the checkpoint transaction writes the changed functions' windows,
 * the partition's marker (the next offset) and the group offset together, fenced by the group
 * generation, so a replica that lost the partition cannot commit a checkpoint after its new owner
 * restored. On revocation it withdraws the partitions (waiting for adapter calls in flight), writes
 * a last checkpoint and forgets their functions.
 */
final class OwnerLoop implements ConsumerRebalanceListener {
  private static final Logger LOG = Logger.getLogger(OwnerLoop.class.getName());
  private static final long EVICT_NANOS = Duration.ofSeconds(30).toNanos();
  private static final long TRIM_NANOS = Duration.ofMinutes(5).toNanos();
  private static final long RESTORE_TIMEOUT_NANOS = Duration.ofMinutes(2).toNanos();
  private static final long WITHDRAW_WAIT_NANOS = Duration.ofSeconds(30).toNanos();
  private static final long RETRY_MILLIS = 5_000;

  private final ClusterConfig config;
  private final KafkaClients clients;
  private final FunctionStore store;
  private final Ownership ownership;
  private final ClusterMetrics metrics;
  private final Members members;
  private final TimeSource time;
  private final RateLimitedLog badRecords;
  private final Map<Integer, PartitionState> parts = new HashMap<>();
  private final Thread thread;
  private final int fingerprint = FunctionState.fingerprint();
  private volatile boolean stopping;
  private volatile int generation = -1;
  private volatile boolean failed;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private KafkaProducer<byte[], byte[]> stateProducer;
  private KafkaConsumer<byte[], byte[]> reader;
  private long lastCheckpoint;
  private int checkpointCursor;
  private long lastEvict;
  private long lastTrim;
  private double heartbeats = -1;

  OwnerLoop(
      ClusterConfig config,
      KafkaClients clients,
      FunctionStore store,
      Ownership ownership,
      ClusterMetrics metrics,
      Members members,
      TimeSource time) {
    this.config = config;
    this.clients = clients;
    this.store = store;
    this.ownership = ownership;
    this.metrics = metrics;
    this.members = members;
    this.time = time;
    this.badRecords = new RateLimitedLog(LOG, time, Duration.ofSeconds(10).toNanos());
    this.thread = new Thread(this::run, "prescale-cluster-owner");
    thread.setDaemon(true);
  }

  void start() {
    open();
    thread.start();
  }

  private void open() {
    consumer = clients.ownerConsumer();
    stateProducer = clients.stateProducer();
    reader = clients.reader("restore");
    stateProducer.initTransactions();
  }

  int generation() {
    return generation;
  }

  boolean failed() {
    return failed;
  }

  /** Leaves the group: withdraws and checkpoints every owned partition; waits for the thread. */
  void stop(Duration wait) {
    stopping = true;
    if (consumer != null) {
      consumer.wakeup();
    }
    try {
      thread.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (!stopping) {
      runOnce();
      if (stopping) {
        return;
      }
      try {
        Thread.sleep(RETRY_MILLIS);
        if (stopping) {
          return;
        }
        open();
        failed = false;
        LOG.info("cluster owner loop: rejoining the owners' group");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warning("cluster owner loop: cannot reopen the Kafka clients: " + e);
      }
    }
  }

  /**
   * One membership: polls until stopped or a failure; then hands the partitions back (withdrawn,
   * forgotten) and closes the clients. A failure is retried by {@link #run} after {@link
   * #RETRY_MILLIS}.
   */
  private void runOnce() {
    long now = time.nanoTime();
    lastCheckpoint = now;
    lastEvict = now;
    lastTrim = now;
    heartbeats = -1;
    try {
      consumer.subscribe(List.of(config.invocationsTopic()), this);
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(KafkaClients.pollTimeout());
        for (TopicPartition tp : records.partitions()) {
          PartitionState ps = parts.get(tp.partition());
          for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
            apply(tp.partition(), ps, r);
          }
        }
        afterPoll();
      }
    } catch (WakeupException | InterruptException e) {
      // stopping
    } catch (RuntimeException e) {
      failed = true;
      LOG.log(
          Level.SEVERE,
          "cluster owner loop failed: "
              + e
              + "; this replica hands its partitions back and rejoins in "
              + RETRY_MILLIS / 1000
              + " s");
      List<Integer> all = new ArrayList<>(parts.keySet());
      ownership.withdraw(all, WITHDRAW_WAIT_NANOS);
      drop(all);
    } finally {
      try {
        consumer.close(Duration.ofSeconds(30)); // leaves the group: onPartitionsRevoked runs
      } catch (RuntimeException e) {
        LOG.warning("closing the owners' consumer: " + e);
      }
      closeQuietly(stateProducer);
      closeQuietly(reader);
      metrics.partitionsOwned.set(ownership.owned());
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (Exception e) {
      LOG.fine("close: " + e);
    }
  }

  private void apply(int p, PartitionState ps, ConsumerRecord<byte[], byte[]> r) {
    if (ps == null) {
      return; // not ours (revoked within this poll)
    }
    ps.next = r.offset() + 1;
    WriteBatch b;
    try {
      b = BatchCodec.decode(r.key(), r.value(), store.windowConfig(), config.maxRecordBytes());
    } catch (BadRecord e) {
      metrics.records.labelValues(e.reason().label).inc();
      badRecords.warn(
          "skipped record "
              + RateLimitedLog.where(r)
              + " ("
              + e.reason().label
              + "): "
              + e.getMessage());
      return;
    }
    FunctionKey key = b.function();
    if (Partitioning.of(r.key(), ownership.partitions()) != p) {
      metrics.records.labelValues("misplaced").inc();
      badRecords.warn(
          "skipped record "
              + RateLimitedLog.where(r)
              + ": function "
              + key
              + " belongs to partition "
              + Partitioning.of(r.key(), ownership.partitions())
              + " (produce with the function key as key and the default partitioner)");
      return;
    }
    Long skip = ps.skipBelow.get(key);
    if (skip != null && r.offset() < skip) {
      return; // already in the restored windows
    }
    FunctionWindows w = store.getOrCreate(key, b.labels(), b.receivedNanos());
    if (w == null) {
      metrics.records.labelValues("store_full").inc();
      return;
    }
    b.applyTo(w);
    ps.functions.add(key);
    ps.dirty.add(key);
    metrics.records.labelValues("applied").inc();
    if (!ps.caughtUp) {
      ps.replayed++;
      metrics.replayed.inc();
    }
  }

  private void afterPoll() {
    long now = time.nanoTime();
    renewLease();
    long lag = 0;
    for (Map.Entry<Integer, PartitionState> e : parts.entrySet()) {
      PartitionState ps = e.getValue();
      if (!ps.caughtUp && ps.next >= ps.catchUpTo) {
        ps.caughtUp = true;
        ownership.grant(e.getKey(), generation);
        LOG.info(
            "partition "
                + e.getKey()
                + " owned (generation "
                + generation
                + "): "
                + ps.restoredFunctions
                + " functions restored, "
                + ps.replayed
                + " records replayed in "
                + String.format("%.2f", (now - ps.assignedNanos) / 1e9)
                + " s");
      }
      TopicPartition tp = new TopicPartition(config.invocationsTopic(), e.getKey());
      var l = consumer.currentLag(tp);
      if (l.isPresent()) {
        lag += l.getAsLong();
      }
    }
    metrics.lag.set(lag);
    metrics.partitionsOwned.set(ownership.owned());
    if (now - lastEvict >= EVICT_NANOS) {
      lastEvict = now;
      long wall = time.epochNanos();
      if (now - lastTrim >= TRIM_NANOS) {
        lastTrim = now;
        store.maintain(wall);
      } else {
        store.evictIdle(wall);
      }
      for (PartitionState ps : parts.values()) {
        for (FunctionKey k : ps.functions) {
          if (store.get(k) == null) {
            ps.dirty.add(k); // a tombstone at the next checkpoint
          }
        }
      }
    }
    // one partition at a time, spread over the interval: each is checkpointed about once per
    // interval, and consumption pauses for one partition's checkpoint, not all of them
    if (!parts.isEmpty()
        && now - lastCheckpoint >= config.checkpointInterval().toNanos() / parts.size()) {
      lastCheckpoint = now;
      List<Integer> owned = new ArrayList<>(new TreeSet<>(parts.keySet()));
      checkpoint(List.of(owned.get(Math.floorMod(checkpointCursor++, owned.size()))));
    }
    members.publish(generation, ownedPartitions(), store.size());
  }

  private Set<Integer> ownedPartitions() {
    Set<Integer> s = new TreeSet<>();
    for (int p = 0; p < ownership.partitions(); p++) {
      if (ownership.owns(p)) {
        s.add(p);
      }
    }
    return s;
  }

  /** Renews the actuation lease when the group coordinator answered another heartbeat. */
  private void renewLease() {
    for (Map.Entry<MetricName, ? extends Metric> m : consumer.metrics().entrySet()) {
      MetricName n = m.getKey();
      if (n.name().equals("heartbeat-total") && n.group().equals("consumer-coordinator-metrics")) {
        Object v = m.getValue().metricValue();
        if (v instanceof Number d && d.doubleValue() > heartbeats) {
          heartbeats = d.doubleValue();
          ownership.renew();
        }
        return;
      }
    }
  }

  /**
   * One checkpoint transaction of {@code ps}: the changed functions' windows (tombstones for the
   * evicted), each partition's marker and the group offsets. False when it failed (counted; the
   * functions stay marked and the next checkpoint writes them).
   */
  private boolean checkpoint(Collection<Integer> ps) {
    List<Integer> due = new ArrayList<>();
    for (int p : ps) {
      PartitionState s = parts.get(p);
      if (s != null && s.needsCheckpoint()) {
        due.add(p);
      }
    }
    if (due.isEmpty()) {
      return true;
    }
    long t0 = time.nanoTime();
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    try {
      stateProducer.beginTransaction();
      for (int p : due) {
        PartitionState s = parts.get(p);
        for (FunctionKey k : s.dirty) {
          byte[] state;
          try {
            state = FunctionState.encode(store, k);
          } catch (IOException e) {
            LOG.warning("checkpoint of partition " + p + ": " + e.getMessage());
            state = null;
          }
          stateProducer.send(
              new ProducerRecord<>(
                  config.stateTopic(),
                  p,
                  StateRecords.functionKey(k),
                  state == null ? null : StateRecords.value(s.next, fingerprint, state)));
        }
        stateProducer.send(
            new ProducerRecord<>(
                config.stateTopic(),
                p,
                StateRecords.MARKER_KEY,
                StateRecords.value(s.next, fingerprint, null)));
        offsets.put(
            new TopicPartition(config.invocationsTopic(), p), new OffsetAndMetadata(s.next));
      }
      stateProducer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
      stateProducer.commitTransaction();
    } catch (ProducerFencedException
        | OutOfOrderSequenceException
        | InvalidProducerEpochException
        | AuthorizationException e) {
      metrics.checkpointFailures.inc();
      LOG.warning(
          "checkpoint of partitions " + due + " refused (" + e + "); starting a new producer");
      closeQuietly(stateProducer);
      stateProducer = clients.stateProducer();
      stateProducer.initTransactions();
      return false;
    } catch (KafkaException e) {
      metrics.checkpointFailures.inc();
      LOG.warning("checkpoint of partitions " + due + " aborted: " + e);
      try {
        stateProducer.abortTransaction();
      } catch (RuntimeException abort) {
        closeQuietly(stateProducer);
        stateProducer = clients.stateProducer();
        stateProducer.initTransactions();
      }
      return false;
    }
    for (int p : due) {
      PartitionState s = parts.get(p);
      for (FunctionKey k : s.dirty) {
        if (store.get(k) == null) {
          s.functions.remove(k);
        }
      }
      s.dirty.clear();
      s.marker = s.next;
    }
    metrics.checkpointSeconds.observe((time.nanoTime() - t0) / 1e9);
    return true;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
    generation = consumer.groupMetadata().generationId();
    metrics.generation.set(generation);
    for (TopicPartition tp : assigned) {
      restore(tp);
    }
  }

  private void restore(TopicPartition tp) {
    int p = tp.partition();
    long t0 = time.nanoTime();
    PartitionState ps = new PartitionState(t0);
    TopicPartition stp = new TopicPartition(config.stateTopic(), p);
    Map<FunctionKey, StateRecords.Value> states = new HashMap<>();
    long marker = -1;
    boolean foreign = false;
    boolean complete = true;
    reader.assign(List.of(stp));
    reader.seekToBeginning(List.of(stp));
    long end = reader.endOffsets(List.of(stp)).get(stp);
    while (reader.position(stp) < end) {
      if (time.nanoTime() - t0 > RESTORE_TIMEOUT_NANOS) {
        complete = false;
        break;
      }
      for (ConsumerRecord<byte[], byte[]> r : reader.poll(KafkaClients.pollTimeout())) {
        if (r.offset() >= end) {
          continue;
        }
        if (StateRecords.isMarker(r.key())) {
          StateRecords.Value v = StateRecords.read(r.value());
          if (v != null) {
            marker = v.next();
          }
          continue;
        }
        FunctionKey f = StateRecords.function(r.key());
        if (f == null) {
          continue;
        }
        if (r.value() == null) {
          states.remove(f);
          continue;
        }
        StateRecords.Value v = StateRecords.read(r.value());
        if (v == null || v.fingerprint() != fingerprint) {
          foreign = true;
        } else {
          states.put(f, v);
        }
      }
    }
    reader.unsubscribe();
    if (foreign || !complete) {
      LOG.warning(
          "partition "
              + p
              + ": "
              + (foreign
                  ? "checkpoints written by a build with another windows encoding"
                  : "the state topic could not be read within 2m")
              + "; replaying the partition from the start of "
              + config.invocationsTopic());
      states.clear();
      marker = -1;
    }
    for (Map.Entry<FunctionKey, StateRecords.Value> e : states.entrySet()) {
      FunctionKey f = e.getKey();
      if (Partitioning.of(f, ownership.partitions()) != p) {
        continue;
      }
      store.remove(f);
      try {
        FunctionState.restore(store, e.getValue().state());
        ps.skipBelow.put(f, e.getValue().next());
        ps.functions.add(f);
        ps.restoredFunctions++;
      } catch (IOException ex) {
        LOG.warning("partition " + p + ": " + ex.getMessage() + "; its history is not restored");
      }
    }
    long start = marker >= 0 ? marker : consumer.beginningOffsets(List.of(tp)).getOrDefault(tp, 0L);
    ps.next = start;
    ps.marker = marker;
    ps.catchUpTo = consumer.endOffsets(List.of(tp)).getOrDefault(tp, start);
    consumer.seek(tp, start);
    parts.put(p, ps);
    metrics.restoreSeconds.observe((time.nanoTime() - t0) / 1e9);
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
    List<Integer> ps = partitionsOf(revoked);
    if (ps.isEmpty()) {
      return;
    }
    int left = ownership.withdraw(ps, WITHDRAW_WAIT_NANOS);
    if (left > 0) {
      LOG.warning(left + " adapter calls still in flight on partitions " + ps + " after 30s");
    }
    checkpoint(ps);
    drop(ps);
    metrics.partitionsOwned.set(ownership.owned());
    members.publish(generation, ownedPartitions(), store.size());
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> lost) {
    List<Integer> ps = partitionsOf(lost);
    ownership.withdraw(ps, WITHDRAW_WAIT_NANOS);
    LOG.warning("partitions " + ps + " lost (this replica left the group unexpectedly)");
    drop(ps);
    metrics.partitionsOwned.set(ownership.owned());
  }

  private List<Integer> partitionsOf(Collection<TopicPartition> tps) {
    List<Integer> ps = new ArrayList<>();
    for (TopicPartition tp : tps) {
      if (tp.topic().equals(config.invocationsTopic())) {
        ps.add(tp.partition());
      }
    }
    return ps;
  }

  private void drop(List<Integer> ps) {
    for (int p : ps) {
      PartitionState s = parts.remove(p);
      if (s != null) {
        for (FunctionKey k : s.functions) {
          store.remove(k);
        }
      }
    }
  }
}
