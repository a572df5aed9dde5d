package io.prescale.adapter.keda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Message;
import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.keda.proto.GetMetricSpecResponse;
import io.prescale.adapter.keda.proto.GetMetricsRequest;
import io.prescale.adapter.keda.proto.GetMetricsResponse;
import io.prescale.adapter.keda.proto.IsActiveResponse;
import io.prescale.adapter.keda.proto.ScaledObjectRef;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The external scaler through a real gRPC client (Vert.x gRPC over HTTP/2) using the messages and
 * the service/method names generated from the same {@code externalscaler.proto}.
 */
class KedaExternalScalerTest {
  private static final ServiceName SERVICE =
      ServiceName.create(ExternalScalerService.SERVICE.getFullName());
  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  private KedaAdapter adapter;
  private ScalingEngine engine;
  private ManualDrive drive;
  private Vertx vertx;
  private GrpcClient client;
  private SocketAddress address;

  @BeforeEach
  void setUp() {
    adapter =
        (KedaAdapter)
            Providers.find(AdapterProvider.class, "keda")
                .create(new AdapterContext("keda", Map.of("host", "127.0.0.1", "port", "0"), time));
    ManualScheduler scheduler = new ManualScheduler(time);
    engine =
        new ScalingEngine(
            AdapterRegistry.of(adapter),
            scheduler,
            time,
            new PrometheusRegistry(),
            EngineConfig.defaults(),
            () -> 0.5);
    drive = new ManualDrive(scheduler, engine::awaitQuiet);
    vertx = Vertx.vertx();
    client = GrpcClient.client(vertx);
    address = SocketAddress.inetSocketAddress(adapter.port(), "127.0.0.1");
  }

  @AfterEach
  void tearDown() throws Exception {
    engine.close();
    client.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private ApplyOutcome decide(int desired) {
    var stage =
        engine.submit(
            new AdapterBinding("keda", Map.of("namespace", "shop", "scaledobject", "checkout")),
            ScaleDecision.of(
                FunctionKey.of("shop/checkout"),
                time.epochNanos(),
                desired,
                "predictive",
                "r",
                Map.of()));
    assertTrue(drive.until(stage, Duration.ofMinutes(1)));
    return stage.toCompletableFuture().join();
  }

  private static ScaledObjectRef ref(Map<String, String> metadata) {
    return ScaledObjectRef.newBuilder()
        .setNamespace("shop")
        .setName("checkout")
        .putAllScalerMetadata(metadata)
        .build();
  }

  private <Req extends Message, Resp> Future<GrpcClientResponse<Req, Resp>> call(
      String method, Req request, Message.Builder responseType) {
    assertTrue(
        ExternalScalerService.SERVICE.findMethodByName(method) != null,
        method + " is in the proto");
    ServiceMethod<Resp, Req> m =
        ServiceMethod.client(
            SERVICE,
            method,
            GrpcMessageEncoder.encoder(),
            GrpcMessageDecoder.decoder(responseType));
    return client
        .request(address, m)
        .compose(
            req -> {
              req.end(request);
              return req.response();
            });
  }

  private <Req extends Message, Resp> Resp unary(
      String method, Req request, Message.Builder responseType) throws Exception {
    return this.<Req, Resp>call(method, request, responseType)
        .compose(GrpcClientResponse::last)
        .toCompletionStage()
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  void servesTheDesiredInstancesAsAMetricWithTargetOnePerInstance() throws Exception {
    assertEquals(ApplyOutcome.Kind.SCALED, decide(3).kind());
    GetMetricSpecResponse spec =
        unary("GetMetricSpec", ref(Map.of()), GetMetricSpecResponse.newBuilder());
    assertEquals(1, spec.getMetricSpecsCount());
    assertEquals(ExternalScalerService.METRIC, spec.getMetricSpecs(0).getMetricName());
    assertEquals(1, spec.getMetricSpecs(0).getTargetSize());
    GetMetricsResponse metrics =
        unary(
            "GetMetrics",
            GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref(Map.of()))
                .setMetricName(ExternalScalerService.METRIC)
                .build(),
            GetMetricsResponse.newBuilder());
    assertEquals(3, metrics.getMetricValues(0).getMetricValue());
    assertEquals(3.0, metrics.getMetricValues(0).getMetricValueFloat());
    IsActiveResponse active = unary("IsActive", ref(Map.of()), IsActiveResponse.newBuilder());
    assertTrue(active.getResult());
    assertEquals(ApplyOutcome.Kind.NOOP, decide(3).kind(), "already served");
  }

  @Test
  void matchesByTriggerMetadataFunctionAndInactiveAtZero() throws Exception {
    decide(0);
    ScaledObjectRef byFunction =
        ScaledObjectRef.newBuilder()
            .setNamespace("other")
            .setName("x")
            .putScalerMetadata("function", "shop/checkout")
            .build();
    IsActiveResponse active = unary("IsActive", byFunction, IsActiveResponse.newBuilder());
    assertEquals(false, active.getResult());
    GetMetricsResponse metrics =
        unary(
            "GetMetrics",
            GetMetricsRequest.newBuilder()
                .setScaledObjectRef(byFunction)
                .setMetricName("s0-prescale")
                .build(),
            GetMetricsResponse.newBuilder());
    assertEquals(0, metrics.getMetricValues(0).getMetricValue());
    assertEquals("s0-prescale", metrics.getMetricValues(0).getMetricName());
  }

  @Test
  void anUnknownScaledObjectGetsNotFoundSoKedaKeepsItsScale() throws Exception {
    GrpcClientResponse<GetMetricsRequest, GetMetricsResponse> resp =
        this.<GetMetricsRequest, GetMetricsResponse>call(
                "GetMetrics",
                GetMetricsRequest.newBuilder().setScaledObjectRef(ref(Map.of())).build(),
                GetMetricsResponse.newBuilder())
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    resp.end()
        .toCompletionStage()
        .toCompletableFuture()
        .exceptionally(e -> null)
        .get(10, TimeUnit.SECONDS);
    assertEquals(GrpcStatus.NOT_FOUND, resp.status());
    assertTrue(resp.statusMessage().contains("shop/checkout"), resp.statusMessage());
  }

  @Test
  void streamIsActivePushesEveryChangeOfActivity() throws Exception {
    decide(2);
    BlockingQueue<Boolean> seen = new LinkedBlockingQueue<>();
    this.<ScaledObjectRef, IsActiveResponse>call(
            "StreamIsActive", ref(Map.of()), IsActiveResponse.newBuilder())
        .onSuccess(resp -> resp.handler(m -> seen.add(m.getResult())));
    assertEquals(Boolean.TRUE, seen.poll(10, TimeUnit.SECONDS));
    decide(0);
    assertEquals(Boolean.FALSE, seen.poll(10, TimeUnit.SECONDS));
    decide(5);
    assertEquals(Boolean.TRUE, seen.poll(10, TimeUnit.SECONDS));
    decide(6);
    assertEquals(null, seen.poll(200, TimeUnit.MILLISECONDS), "still active: nothing pushed");
  }

  @Test
  void aBadPortSettingNamesTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new KedaProvider()
                    .create(new AdapterContext("keda", Map.of("port", "99999"), time)));
    assertTrue(e.getMessage().contains("setting port = 99999"), e.getMessage());
  }
}
