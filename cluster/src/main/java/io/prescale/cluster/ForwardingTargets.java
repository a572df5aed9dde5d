package io.prescale.cluster;

import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Cluster mode's ingest side: the extractors write each function's data into a {@link WriteBatch};
 * after the request, {@link #flush} produces one record per function (split when larger than the
 * record limit) to the function's partition of the invocations topic, and the request is answered
 * when Kafka acknowledged all of them. Used by the ingest thread only (the collector's sink).
 *
 * <p>Remembers the functions seen within the store's idle timeout (at most the store's function
 * bound), so the extractors keep their per-stream state for them.
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
  private final Map<FunctionKey, Long> seen = new HashMap<>();
  private final AtomicLong refused = new AtomicLong();

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
    if (!seen.containsKey(key) && seen.size() >= storeConfig.maxFunctions()) {
      refused.incrementAndGet();
      return null;
    }
    seen.put(key, nowNanos);
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

  /** Functions refused because {@code maxFunctions} were seen within the idle timeout. */
  long refusedFunctions() {
    return refused.get();
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
