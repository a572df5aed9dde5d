package io.prescale.collector.lambda;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.otlp.OtlpFuzzTargets;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.prescale.fuzz.TextMutations;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Lambda platform reports through {@link LambdaDecoder} and then the collector's sink. Input: one
 * mode byte (even: a Telemetry API batch from an extension; odd: a Firehose delivery of CloudWatch
 * Logs), then the body. Properties: nothing throws but {@link LambdaDecodeException} (the client's
 * error, answered 400 or 413); a decoded batch has one span per report, at most one cold start per
 * report and one init duration per cold start; records that were skipped are counted, and the first
 * is named; the batch is ingested by a real {@code CollectorSink} without throwing.
 */
final class LambdaFuzzTarget implements FuzzTarget {
  static final int MAX_INFLATED = 1 << 20;
  private static final String ARN = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/p";
  private static final LambdaFunction FN =
      new LambdaFunction("orders", "eu-west-1", "123456789012", "7", "env-1");

  @Override
  public String name() {
    return "lambda";
  }

  @Override
  public List<byte[]> seeds() {
    Instant t = EpochNanos.toInstant(OtlpFuzzTargets.NOW).minusSeconds(10);
    String report =
        "{\"time\":\""
            + t
            + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"r1\",\"metrics\":"
            + "{\"durationMs\":693.92,\"billedDurationMs\":694,\"initDurationMs\":397.68,"
            + "\"maxMemoryUsedMB\":84,\"memorySizeMB\":128},\"status\":\"success\"}}";
    String init =
        "{\"time\":\""
            + t
            + "\",\"type\":\"platform.initStart\",\"record\":{\"initializationType\":\"on-demand\","
            + "\"phase\":\"init\"}}";
    String logs =
        "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"123456789012\",\"logGroup\":"
            + "\"/aws/lambda/orders\",\"logStream\":\"2026/12/06/[7]abc\",\"subscriptionFilters\":"
            + "[\"p\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":"
            + t.toEpochMilli()
            + ",\"message\":\"REPORT RequestId: r1\\tDuration: 12.34 ms\\tBilled Duration: 13 ms\\t"
            + "Memory Size: 128 MB\\tMax Memory Used: 70 MB\\tInit Duration: 150.00 ms\\t\"},"
            + "{\"id\":\"2\",\"timestamp\":"
            + t.toEpochMilli()
            + ",\"message\":"
            + quoted(report)
            + "}]}";
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(input(0, "[" + init + "," + report + "]"));
    seeds.add(input(0, "[]"));
    seeds.add(input(1, firehose(Base64.getEncoder().encodeToString(gzip(logs)))));
    seeds.add(
        input(
            1,
            firehose(Base64.getEncoder().encodeToString(logs.getBytes(StandardCharsets.UTF_8)))));
    return seeds;
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    if (input.length == 0 || m.random().nextInt(4) == 0) {
      return m.anyBytes(input);
    }
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    byte[] mutated = TextMutations.mutate(m, body, false);
    byte[] out = new byte[mutated.length + 1];
    out[0] = input[0];
    System.arraycopy(mutated, 0, out, 1, mutated.length);
    return out;
  }

  @Override
  public String check(byte[] input) {
    if (input.length == 0) {
      return "empty";
    }
    boolean firehose = (input[0] & 1) == 1;
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    LambdaBatch batch;
    try {
      batch =
          firehose
              ? LambdaDecoder.firehose(body, body.length, ARN, MAX_INFLATED).batch()
              : LambdaDecoder.telemetry(body, body.length, FN);
    } catch (LambdaDecodeException e) {
      if (e.getMessage() == null || e.getMessage().isEmpty()) {
        throw new AssertionError("a refusal without a message");
      }
      return e.tooLarge() ? "413" : "400";
    }
    long spans = 0;
    for (ResourceSpans rs : batch.traces().getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spans += ss.getSpansCount();
      }
    }
    if (spans != batch.reports()) {
      throw new AssertionError(spans + " spans for " + batch.reports() + " reports");
    }
    ExportMetricsServiceRequest inits = batch.initDurations();
    long initPoints =
        inits == null
            ? 0
            : inits.getResourceMetricsList().stream()
                .mapToLong(
                    rm -> rm.getScopeMetrics(0).getMetrics(0).getHistogram().getDataPointsCount())
                .sum();
    if (batch.coldStarts() > batch.reports() || initPoints != batch.coldStarts()) {
      throw new AssertionError(
          batch.coldStarts()
              + " cold starts, "
              + initPoints
              + " init durations, "
              + batch.reports()
              + " reports");
    }
    if ((batch.malformed() > 0) != (batch.firstMalformed() != null)) {
      throw new AssertionError("malformed records without the first one named");
    }
    CollectorSink sink =
        new CollectorSink(
            FunctionStore.withDefaults(),
            new ManualTimeSource(EpochNanos.toInstant(OtlpFuzzTargets.NOW)));
    sink.acceptTraces(batch.traces(), OtlpFuzzTargets.NOW);
    if (inits != null) {
      sink.acceptMetrics(inits, OtlpFuzzTargets.NOW);
    }
    return batch.malformed() > 0 ? "200-skipped" : "200";
  }

  private static byte[] input(int mode, String body) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    byte[] in = new byte[b.length + 1];
    in[0] = (byte) mode;
    System.arraycopy(b, 0, in, 1, b.length);
    return in;
  }

  private static String firehose(String data) {
    return "{\"requestId\":\"ed4acda5-034f-9f42-bba1-f29aea6d7d8f\",\"timestamp\":1578090901599,"
        + "\"records\":[{\"data\":\""
        + data
        + "\"}]}";
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static byte[] gzip(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
