package io.prescale.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.adapter.keda.proto.GetMetricsRequest;
import io.prescale.adapter.keda.proto.GetMetricsResponse;
import io.prescale.adapter.keda.proto.ScaledObjectRef;
import io.prescale.app.ChildRun;
import io.prescale.testkafka.KafkaBroker;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KEDA in cluster mode: KEDA reaches whichever replica its Service picks, so every replica's
 * external scaler must serve every function's desired count, not only its own functions'. Two
 * replicas on a real broker, the policy binding every function to the keda adapter; each replica's
 * scaler is asked for every function.
 */
class ClusterKedaEndToEndTest {
  private static final int FUNCTIONS = 24;
  @TempDir Path dir;
  private final List<ChildRun> replicas = new ArrayList<>();
  private final List<Integer> scalerPorts = new ArrayList<>();
  private KafkaBroker kafka;
  private Vertx vertx;

  @AfterEach
  void stop() throws Exception {
    for (ChildRun r : replicas) {
      r.process().destroyForcibly();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void everyReplicasScalerServesEveryFunction() throws Exception {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        String.join(
            "\n",
            "policies:",
            "  - name: all",
            "    match: { function: \"*\" }",
            "    adapter: { name: keda }",
            ""));
    for (String id : List.of("k1", "k2")) {
      int scaler = freePort();
      ProcessBuilder pb =
          new ProcessBuilder(
              ChildRun.runCommand(
                  policy,
                  "--http-port",
                  "0",
                  "--event-loops",
                  "1",
                  "--kafka-bootstrap",
                  kafka.bootstrapServers(),
                  "--kafka-partitions",
                  "6",
                  "--kafka-replication-factor",
                  "1",
                  "--replica-id",
                  id,
                  "--kafka-session-timeout",
                  "6s",
                  "--checkpoint-interval",
                  "2s"));
      pb.environment().put("PRESCALE_ADAPTER_KEDA_HOST", "127.0.0.1");
      pb.environment().put("PRESCALE_ADAPTER_KEDA_PORT", Integer.toString(scaler));
      replicas.add(ChildRun.start(pb, "keda-" + id));
      scalerPorts.add(scaler);
    }
    HttpClient http = HttpClient.newHttpClient();
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder s = new StringBuilder("{\"resourceSpans\":[");
    for (int f = 0; f < FUNCTIONS; f++) {
      s.append(f > 0 ? "," : "")
          .append(
              "{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"")
          .append(name(f))
          .append("\"}}]},\"scopeSpans\":[{\"spans\":[");
      for (int j = 0; j < 5; j++) {
        long start = now - 2_000_000_000L + j * 100_000_000L;
        s.append(j > 0 ? "," : "")
            .append("{\"traceId\":\"")
            .append(String.format("%032x", f * 10 + j + 1))
            .append("\",\"spanId\":\"")
            .append(String.format("%016x", f * 10 + j + 1))
            .append("\",\"name\":\"invoke\",\"kind\":2,\"startTimeUnixNano\":\"")
            .append(start)
            .append("\",\"endTimeUnixNano\":\"")
            .append(start + 900_000_000L)
            .append("\",\"status\":{}}");
      }
      s.append("]}]}");
    }
    s.append("]}");
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + replicas.get(0).otlpPort() + "/v1/traces"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(s.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());

    vertx = Vertx.vertx();
    GrpcClient client = GrpcClient.client(vertx);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      int served = 0;
      StringBuilder view = new StringBuilder();
      for (int f = 0; f < FUNCTIONS; f++) {
        long a = metric(client, scalerPorts.get(0), name(f));
        long b = metric(client, scalerPorts.get(1), name(f));
        view.append(name(f)).append('=').append(a).append('/').append(b).append(' ');
        if (a >= 0 && a == b) {
          served++;
        }
      }
      last = view.toString();
      if (served == FUNCTIONS) {
        return;
      }
      Thread.sleep(500);
    }
    fail(
        "both replicas' scalers should serve every function's desired count (-1: NOT_FOUND): "
            + last
            + "\n"
            + replicas.get(0).drain()
            + "\n"
            + replicas.get(1).drain());
  }

  private static String name(int f) {
    return String.format("kfn-%02d", f);
  }

  /**
   * GetMetrics of the ScaledObject whose trigger names {@code function}; -1 when NOT_FOUND or when
   * the scaler does not listen yet (it starts with the replica's first keda decision).
   */
  private static long metric(GrpcClient client, int port, String function) throws Exception {
    try {
      return call(client, port, function);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof java.net.ConnectException) {
        return -1;
      }
      throw e;
    }
  }

  private static long call(GrpcClient client, int port, String function) throws Exception {
    ServiceMethod<GetMetricsResponse, GetMetricsRequest> m =
        ServiceMethod.client(
            ServiceName.create("externalscaler.ExternalScaler"),
            "GetMetrics",
            GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(GetMetricsResponse.newBuilder()));
    var response =
        client
            .request(SocketAddress.inetSocketAddress(port, "127.0.0.1"), m)
            .compose(
                req -> {
                  req.end(
                      GetMetricsRequest.newBuilder()
                          .setScaledObjectRef(
                              ScaledObjectRef.newBuilder()
                                  .setNamespace("default")
                                  .setName(function)
                                  .putScalerMetadata("function", function))
                          .setMetricName("prescale_desired_instances")
                          .build());
                  return req.response();
                })
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    var body = response.last().toCompletionStage().toCompletableFuture().exceptionally(e -> null);
    GetMetricsResponse got = body.get(10, TimeUnit.SECONDS);
    if (response.status() != GrpcStatus.OK || got == null) {
      return -1;
    }
    assertTrue(got.getMetricValuesCount() == 1, got.toString());
    return got.getMetricValues(0).getMetricValue();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
