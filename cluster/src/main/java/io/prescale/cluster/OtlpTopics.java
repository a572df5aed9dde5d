package io.prescale.cluster;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Consumes the OpenTelemetry Collector {@code kafka} exporter's topics (encoding {@code
 * otlp_proto}: each record one {@code TracesData} / {@code MetricsData}, the same bytes as an
 * export request) as a member of the group {@code <prefix>-otlp}, hands each to the collector's
 * sink like an OTLP request, and commits a poll's offsets once everything it wrote is acknowledged
 * by Kafka (at least once: a crash before the commit re-reads those records). An undecodable or
 * oversized record is counted and skipped.
 */
final class OtlpTopics {
  private static final Logger LOG = Logger.getLogger(OtlpTopics.class.getName());

  /** What a topic carries. */
  enum Kind {
    TRACES,
    METRICS
  }

  private final Map<String, Kind> topics;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final TelemetrySink sink;
  private final TimeSource time;
  private final ClusterMetrics metrics;
  private final int maxBytes;
  private final RateLimitedLog bad;
  private final Thread thread;
  private volatile boolean stopping;

  OtlpTopics(
      ClusterConfig config,
      KafkaClients clients,
      TelemetrySink sink,
      TimeSource time,
      ClusterMetrics metrics) {
    this.topics = parse(config.otlpTopics());
    this.consumer = clients.otlpConsumer();
    this.sink = sink;
    this.time = time;
    this.metrics = metrics;
    this.maxBytes = config.maxRecordBytes();
    this.bad = new RateLimitedLog(LOG, time, Duration.ofSeconds(10).toNanos());
    this.thread = new Thread(this::run, "prescale-cluster-otlp");
    thread.setDaemon(true);
  }

  /**
   * {@code traces:TOPIC} or {@code metrics:TOPIC}; the exporter's default names {@code otlp_spans}
   * and {@code otlp_metrics} alone. Throws naming the entry otherwise.
   */
  static Map<String, Kind> parse(List<String> entries) {
    Map<String, Kind> out = new HashMap<>();
    for (String e : entries) {
      String s = e.trim();
      if (s.equals("otlp_spans")) {
        out.put(s, Kind.TRACES);
      } else if (s.equals("otlp_metrics")) {
        out.put(s, Kind.METRICS);
      } else if (s.startsWith("traces:") && s.length() > 7) {
        out.put(s.substring(7), Kind.TRACES);
      } else if (s.startsWith("metrics:") && s.length() > 8) {
        out.put(s.substring(8), Kind.METRICS);
      } else {
        throw new IllegalArgumentException(
            "kafka-otlp-topics entry '"
                + e
                + "', must be traces:TOPIC, metrics:TOPIC, otlp_spans or otlp_metrics");
      }
    }
    return out;
  }

  void start() {
    thread.start();
  }

  void stop() {
    stopping = true;
    consumer.wakeup();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      consumer.subscribe(topics.keySet());
      while (!stopping) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(KafkaClients.pollTimeout());
        if (records.isEmpty()) {
          continue;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
          take(r);
          offsets.put(
              new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
        }
        consumer.commitSync(offsets);
      }
    } catch (WakeupException | InterruptException e) {
      // stopping
    } catch (RuntimeException e) {
      LOG.warning("consuming " + topics.keySet() + " stopped: " + e);
    } finally {
      try {
        consumer.close(Duration.ofSeconds(10));
      } catch (RuntimeException e) {
        LOG.fine("otlp consumer close: " + e);
      }
    }
  }

  /** One record into the sink; returns once what it wrote is durable (retried until it is). */
  private void take(ConsumerRecord<byte[], byte[]> r) {
    byte[] v = r.value();
    if (v == null || v.length > maxBytes) {
      metrics.records.labelValues(v == null ? "otlp_undecodable" : "otlp_oversized").inc();
      bad.warn("skipped " + RateLimitedLog.where(r) + ": no value or over the record limit");
      return;
    }
    while (!stopping) {
      try {
        long now = time.epochNanos();
        if (topics.get(r.topic()) == Kind.METRICS) {
          sink.acceptMetrics(ExportMetricsServiceRequest.parseFrom(v), now);
        } else {
          sink.acceptTraces(ExportTraceServiceRequest.parseFrom(v), now);
        }
      } catch (InvalidProtocolBufferException e) {
        metrics.records.labelValues("otlp_undecodable").inc();
        bad.warn("skipped " + RateLimitedLog.where(r) + ": not otlp_proto: " + e.getMessage());
        return;
      }
      CompletionStage<Void> d = sink.durable();
      try {
        if (d != null) {
          d.toCompletableFuture().get(150, TimeUnit.SECONDS);
        }
        metrics.records.labelValues("otlp_taken").inc();
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        bad.warn("record " + RateLimitedLog.where(r) + " not stored, retrying: " + e);
      }
    }
  }
}
