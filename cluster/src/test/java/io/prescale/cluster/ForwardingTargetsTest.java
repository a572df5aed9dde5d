package io.prescale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

class ForwardingTargetsTest {
  private static final long NOW = 1_767_000_000_000_000_000L;

  private static ClusterConfig config() {
    return new ClusterConfig(
        "127.0.0.1:9092",
        "prescale",
        12,
        (short) -1,
        true,
        Map.of(),
        List.of(),
        "r1",
        "http://127.0.0.1:8080",
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        64 << 10,
        Duration.ofHours(24));
  }

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final ClusterMetrics metrics = new ClusterMetrics(new PrometheusRegistry());

  private ForwardingTargets targets(int maxFunctions) {
    return new ForwardingTargets(
        producer,
        config(),
        12,
        StoreConfig.defaults().withMaxFunctions(maxFunctions),
        WindowConfig.defaults(),
        metrics);
  }

  private static void invocations(WindowWriter w, int n) {
    for (int i = 0; i < n; i++) {
      long start = NOW - 10_000_000_000L + i * 1_000_000L;
      w.recordInvocation(
          new Invocation(
              w.function(), start, start + 5_000_000L, false, Trigger.HTTP, false, "pod-" + i, 0));
    }
  }

  @Test
  void oneRecordPerFunctionOnItsPartitionAnsweredWhenAcknowledged() throws Exception {
    ForwardingTargets t = targets(100);
    for (int f = 0; f < 5; f++) {
      invocations(t.writer(FunctionKey.of("fn-" + f), Map.of(), NOW), 3);
    }
    CompletionStage<Void> done = t.flush();
    assertNotNull(done);
    assertEquals(5, producer.history().size());
    for (ProducerRecord<byte[], byte[]> r : producer.history()) {
      assertEquals("prescale.invocations", r.topic());
      assertEquals(Partitioning.of(r.key(), 12), r.partition());
      assertEquals(
          3, BatchCodec.decode(r.key(), r.value(), WindowConfig.defaults(), 1 << 20).ops().size());
    }
    assertTrue(!done.toCompletableFuture().isDone(), "answered before Kafka acknowledged");
    while (producer.completeNext()) {
      // acknowledge every record
    }
    done.toCompletableFuture().get();
    assertEquals(15.0, metrics.producedWrites.get());
    assertNull(t.flush(), "nothing new: nothing to wait for");
  }

  @Test
  void aFailedSendFailsTheRequest() {
    ForwardingTargets t = targets(100);
    invocations(t.writer(FunctionKey.of("fn"), Map.of(), NOW), 1);
    CompletionStage<Void> done = t.flush();
    producer.errorNext(new RuntimeException("broker gone"));
    assertThrows(ExecutionException.class, () -> done.toCompletableFuture().get());
    assertEquals(1.0, metrics.produceFailures.get());
  }

  @Test
  void aLargeBatchIsSplitUnderTheRecordLimit() throws Exception {
    ForwardingTargets t = targets(100);
    invocations(t.writer(FunctionKey.of("big"), Map.of(), NOW), 20_000);
    t.flush();
    assertTrue(producer.history().size() > 1, "split");
    int writes = 0;
    for (ProducerRecord<byte[], byte[]> r : producer.history()) {
      assertTrue(r.value().length <= 64 << 10, r.value().length + " bytes");
      writes +=
          BatchCodec.decode(r.key(), r.value(), WindowConfig.defaults(), 64 << 10).ops().size();
    }
    assertEquals(20_000, writes);
  }

  @Test
  void neverRefusesAFunctionAndForgetsTheLeastRecentPastTwiceTheBound() {
    ForwardingTargets t = targets(10);
    for (int f = 0; f < 50; f++) {
      assertNotNull(t.writer(FunctionKey.of("fn-" + f), Map.of(), NOW + f));
    }
    assertTrue(t.tracks(FunctionKey.of("fn-49")));
    assertTrue(!t.tracks(FunctionKey.of("fn-0")), "the least recent is forgotten");
    assertEquals(30.0, metrics.ingestForgotten.get(), "50 seen, 20 kept, counted");
  }
}
