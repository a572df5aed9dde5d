package io.prescale.cluster;

import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cluster mode's ingest side: the extractors write each function's data into a {@link WriteBatch};
 * after the request, {@link #flush} produces one record per function (split when larger than the
 * record limit) to the function's partition of the invocations topic, and the request is answered
 * when Kafka acknowledged all of them. Used by the ingest thread only (the collector's sink).
 *
 * <p>Never refuses a function: the owners' stores bound how many are tracked. Remembers the
 * functions seen within the store's idle timeout (at most twice the store's bound, the least recent
 * forgotten first), so the extractors keep their per-stream state for them.
 */
final class ForwardingTargets implements WindowTargets {
  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final int partitions;
  private final StoreConfig storeConfig;
  private final WindowConfig windowConfig;
  private final int maxRecordBytes;
  private final ClusterMetrics metrics;
  private final Map<FunctionKey, WriteBatch> pending = new LinkedHashMap<>();

  /**
   * Functions seen recently, least recently seen first: the extractors keep their per-function
   * state (span/metric arbitration, cumulative streams) while a function is here. Never refuses a
   * function (each replica may see every function behind a round-robin load balancer: the owners'
   * stores bound them); past {@link #MAX_SEEN_FACTOR} x the store's bound the least recent is
   * forgotten.
   */
  private final LinkedHashMap<FunctionKey, Long> seen = new LinkedHashMap<>(1024, 0.75f, true);

  static final int MAX_SEEN_FACTOR = 2;

  /**
   * @param partitions the invocations topic's partition count as found at start (it rules over
   *     {@code --kafka-partitions}, which only applies to topics Prescale creates)
   */
  ForwardingTargets(
      Producer<byte[], byte[]> producer,
      ClusterConfig cluster,
      int partitions,
      StoreConfig storeConfig,
      WindowConfig windowConfig,
      ClusterMetrics metrics) {
    this.producer = producer;
    this.topic = cluster.invocationsTopic();
    this.partitions = partitions;
    this.storeConfig = storeConfig;
    this.windowConfig = windowConfig;
    this.maxRecordBytes = cluster.maxRecordBytes();
    this.metrics = metrics;
  }

  @Override
  public WindowWriter writer(FunctionKey key, Map<String, String> attributes, long nowNanos) {
    WriteBatch b = pending.get(key);
    if (b != null) {
      return b;
    }
    seen.put(key, nowNanos);
    if (seen.size() > (long) MAX_SEEN_FACTOR * storeConfig.maxFunctions()) {
      Iterator<FunctionKey> eldest = seen.keySet().iterator();
      eldest.next();
      eldest.remove();
      metrics.ingestForgotten.inc();
    }
    b = new WriteBatch(key, windowConfig, nowNanos, storeConfig.pickLabels(attributes));
    pending.put(key, b);
    return b;
  }

  @Override
  public boolean tracks(FunctionKey key) {
    return seen.containsKey(key);
  }

  @Override
  public void maintain(long nowNanos, boolean trim) {
    long idle = storeConfig.idleTimeout().toNanos();
    for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
      if (it.next() < nowNanos - idle) {
        it.remove();
      }
    }
  }

  @Override
  public int maxFunctions() {
    return storeConfig.maxFunctions();
  }

  /**
   * Produces what the last request wrote; the stage completes when Kafka acknowledged every record,
   * or fails with the first error (the request is then answered 503 and retried by its client).
   */
  @Override
  public CompletionStage<Void> flush() {
    if (pending.isEmpty()) {
      return null;
    }
    List<CompletableFuture<Void>> acks = new ArrayList<>(pending.size());
    try {
      for (WriteBatch b : pending.values()) {
        if (b.isEmpty()) {
          continue;
        }
        byte[] key = BatchCodec.key(b.function());
        int partition = Partitioning.of(key, partitions);
        for (WriteBatch part : split(b)) {
          byte[] value = BatchCodec.encode(part);
          int writes = part.ops().size();
          CompletableFuture<Void> ack = new CompletableFuture<>();
          producer.send(
              new ProducerRecord<>(topic, partition, key, value),
              (md, e) -> {
                if (e == null) {
                  metrics.produced.inc();
                  metrics.producedBytes.inc(value.length);
                  metrics.producedWrites.inc(writes);
                  ack.complete(null);
                } else {
                  metrics.produceFailures.inc();
                  ack.completeExceptionally(e);
                }
              });
          acks.add(ack);
        }
      }
    } catch (RuntimeException e) { // buffer full past max.block.ms, producer closed
      metrics.produceFailures.inc();
      acks.add(CompletableFuture.failedFuture(e));
    } finally {
      pending.clear();
    }
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new));
  }

  /** {@code b} cut into batches whose encoding fits {@code maxRecordBytes}. */
  private List<WriteBatch> split(WriteBatch b) {
    if (b.estimatedBytes() <= maxRecordBytes / 2) {
      return List.of(b);
    }
    List<WriteBatch> out = new ArrayList<>();
    WriteBatch cur = new WriteBatch(b.function(), windowConfig, b.receivedNanos(), b.labels());
    for (WriteBatch.Op o : b.ops()) {
      if (cur.estimatedBytes() > maxRecordBytes / 2) {
        out.add(cur);
        cur = new WriteBatch(b.function(), windowConfig, b.receivedNanos(), b.labels());
      }
      cur.add(o);
    }
    out.add(cur);
    return out;
  }
}
