package io.prescale.adapter.keda;

import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.Message;
import io.prescale.adapter.keda.proto.ExternalScalerProto;
import io.prescale.adapter.keda.proto.GetMetricSpecResponse;
import io.prescale.adapter.keda.proto.GetMetricsRequest;
import io.prescale.adapter.keda.proto.GetMetricsResponse;
import io.prescale.adapter.keda.proto.IsActiveResponse;
import io.prescale.adapter.keda.proto.MetricSpec;
import io.prescale.adapter.keda.proto.MetricValue;
import io.prescale.adapter.keda.proto.ScaledObjectRef;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;

/**
 * KEDA's {@code externalscaler.ExternalScaler} service over {@link DesiredCounts}:
 *
 * <ul>
 *   <li>{@code GetMetricSpec}: one metric, {@value #METRIC}, target size 1 (one per instance);
 *   <li>{@code GetMetrics}: its value = the desired instances, so KEDA's HPA (AverageValue 1) asks
 *       for exactly that many replicas;
 *   <li>{@code IsActive}: desired &gt; 0; {@code StreamIsActive}: the same, pushed on every change
 *       (for {@code external-push} triggers).
 * </ul>
 *
 * A ScaledObject is matched by its trigger metadata {@code function} when present, else by its
 * namespace and name. One that Prescale has no decision for gets NOT_FOUND, so KEDA keeps its
 * current scale (or its configured fallback) instead of scaling to zero.
 */
final class ExternalScalerService {
  static final String METRIC = "prescale_desired_instances";
  static final ServiceDescriptor SERVICE =
      ExternalScalerProto.getDescriptor().findServiceByName("ExternalScaler");
  private static final ServiceName NAME = ServiceName.create(SERVICE.getFullName());

  private final DesiredCounts board;

  ExternalScalerService(DesiredCounts board) {
    this.board = board;
  }

  GrpcServer mount(Vertx vertx) {
    GrpcServer server = GrpcServer.server(vertx);
    server.callHandler(
        ExternalScalerService.<ScaledObjectRef, IsActiveResponse>method(
            "IsActive", ScaledObjectRef.newBuilder()),
        req ->
            req.handler(
                ref -> {
                  int desired = lookup(ref, req.response());
                  if (desired >= 0) {
                    req.response()
                        .end(IsActiveResponse.newBuilder().setResult(desired > 0).build());
                  }
                }));
    server.callHandler(
        ExternalScalerService.<ScaledObjectRef, GetMetricSpecResponse>method(
            "GetMetricSpec", ScaledObjectRef.newBuilder()),
        req ->
            req.handler(
                ref -> {
                  if (lookup(ref, req.response()) >= 0) {
                    req.response()
                        .end(
                            GetMetricSpecResponse.newBuilder()
                                .addMetricSpecs(
                                    MetricSpec.newBuilder()
                                        .setMetricName(METRIC)
                                        .setTargetSize(1)
                                        .setTargetSizeFloat(1.0))
                                .build());
                  }
                }));
    server.callHandler(
        ExternalScalerService.<GetMetricsRequest, GetMetricsResponse>method(
            "GetMetrics", GetMetricsRequest.newBuilder()),
        req ->
            req.handler(
                r -> {
                  int desired = lookup(r.getScaledObjectRef(), req.response());
                  if (desired >= 0) {
                    String name = r.getMetricName().isEmpty() ? METRIC : r.getMetricName();
                    req.response()
                        .end(
                            GetMetricsResponse.newBuilder()
                                .addMetricValues(
                                    MetricValue.newBuilder()
                                        .setMetricName(name)
                                        .setMetricValue(desired)
                                        .setMetricValueFloat(desired))
                                .build());
                  }
                }));
    server.callHandler(
        ExternalScalerService.<ScaledObjectRef, IsActiveResponse>method(
            "StreamIsActive", ScaledObjectRef.newBuilder()),
        this::stream);
    return server;
  }

  private void stream(GrpcServerRequest<ScaledObjectRef, IsActiveResponse> req) {
    Context ctx = Vertx.currentContext();
    req.handler(
        ref -> {
          GrpcServerResponse<ScaledObjectRef, IsActiveResponse> resp = req.response();
          String key = key(ref);
          int now = board.get(key);
          Boolean[] last = {now < 0 ? null : now > 0};
          if (last[0] != null) {
            resp.write(IsActiveResponse.newBuilder().setResult(last[0]).build());
          }
          Runnable stop =
              board.listen(
                  key,
                  desired ->
                      ctx.runOnContext(
                          v -> {
                            boolean active = desired > 0;
                            if (last[0] == null || active != last[0]) {
                              last[0] = active;
                              resp.write(IsActiveResponse.newBuilder().setResult(active).build());
                            }
                          }));
          resp.exceptionHandler(e -> stop.run());
          req.exceptionHandler(e -> stop.run());
          req.endHandler(v -> {});
          req.connection().closeHandler(v -> stop.run());
        });
  }

  /** The desired count for {@code ref}, or -1 after answering NOT_FOUND. */
  private int lookup(ScaledObjectRef ref, GrpcServerResponse<?, ?> resp) {
    int desired = board.get(key(ref));
    if (desired < 0) {
      resp.status(GrpcStatus.NOT_FOUND)
          .statusMessage(
              "Prescale has no decision for ScaledObject "
                  + ref.getNamespace()
                  + "/"
                  + ref.getName()
                  + (ref.getScalerMetadataMap().containsKey("function")
                      ? " (function " + ref.getScalerMetadataMap().get("function") + ")"
                      : "")
                  + "; bind it in the policy with adapter {name: keda, target: {namespace, scaledobject}}"
                  + " or set trigger metadata 'function'")
          .end();
    }
    return desired;
  }

  static String key(ScaledObjectRef ref) {
    String function = ref.getScalerMetadataMap().get("function");
    return function != null && !function.isBlank()
        ? DesiredCounts.functionKey(function)
        : DesiredCounts.scaledObjectKey(ref.getNamespace(), ref.getName());
  }

  private static <Req extends Message, Resp extends Message> ServiceMethod<Req, Resp> method(
      String name, Message.Builder prototype) {
    if (SERVICE.findMethodByName(name) == null) {
      throw new IllegalStateException("externalscaler.proto has no method " + name);
    }
    return ServiceMethod.server(
        NAME, name, GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(prototype));
  }
}
