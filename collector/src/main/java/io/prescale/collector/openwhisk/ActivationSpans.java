package io.prescale.collector.openwhisk;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prescale.core.time.EpochNanos;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Activations as the FaaS server spans the collector already turns into invocations (one owner of
 * extraction: {@code collector/extract}): one resource per action with {@code faas.name} = the
 * action's path (so the function key is {@code namespace/[package/]action}) and {@code
 * faas.max_memory}, one SERVER span per activation from {@code start} to {@code end} with {@code
 * faas.coldstart} (an {@code initTime} annotation is present), {@code faas.invocation_id}, {@code
 * faas.trigger = other}, the wait and init times, and status ERROR with the OpenWhisk status for
 * anything but success.
 */
final class ActivationSpans {
  private ActivationSpans() {}

  static ExportTraceServiceRequest request(List<Activation> activations) {
    Map<String, ScopeSpans.Builder> byPath = new LinkedHashMap<>();
    Map<String, Long> memory = new LinkedHashMap<>();
    for (Activation a : activations) {
      byPath.computeIfAbsent(a.path(), p -> ScopeSpans.newBuilder()).addSpans(span(a));
      memory.merge(a.path(), a.memoryMb(), Math::max);
    }
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    byPath.forEach(
        (path, spans) -> {
          Resource.Builder r =
              Resource.newBuilder()
                  .addAttributes(str("faas.name", path))
                  .addAttributes(str("cloud.provider", "openwhisk"));
          long mb = memory.get(path);
          if (mb > 0) {
            r.addAttributes(integer("faas.max_memory", mb * 1024 * 1024));
          }
          req.addResourceSpans(ResourceSpans.newBuilder().setResource(r).addScopeSpans(spans));
        });
    return req.build();
  }

  private static Span span(Activation a) {
    Span.Builder s =
        Span.newBuilder()
            .setName(a.path())
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(EpochNanos.ofMilli(a.startMillis()))
            .setEndTimeUnixNano(EpochNanos.ofMilli(a.endMillis()))
            .addAttributes(bool("faas.coldstart", a.coldStart()))
            .addAttributes(str("faas.invocation_id", a.id()))
            .addAttributes(str("faas.trigger", "other"))
            .addAttributes(str("openwhisk.status", a.status().text));
    if (a.waitMillis() >= 0) {
      s.addAttributes(integer("openwhisk.wait_time_ms", a.waitMillis()));
    }
    if (a.initMillis() >= 0) {
      s.addAttributes(integer("openwhisk.init_time_ms", a.initMillis()));
    }
    if (a.status() != Activation.Status.SUCCESS) {
      s.setStatus(
              Status.newBuilder()
                  .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                  .setMessage(a.status().text))
          .addAttributes(str("error.type", a.status().label));
    }
    return s.build();
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue integer(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }

  private static KeyValue bool(String k, boolean v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setBoolValue(v)).build();
  }
}
