package io.prescale.collector.extract;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prescale.collector.extract.Rejections.Reason;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.PlatformReports;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowTargets;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.util.List;
import java.util.Map;

/**
 * Spans to invocations. One invocation per SERVER span, and per CONSUMER span whose {@code
 * faas.trigger} is {@code pubsub} or {@code datasource}; INTERNAL, CLIENT and PRODUCER spans (work
 * inside a function) are accepted but are not invocations. Every span must have a function
 * identity, an end at or after its start, and an end within the future skew and the lateness of the
 * receive time; otherwise it is rejected with its reason. A function's own spans are ignored while
 * its platform reports its invocations ({@link SourceArbiter#platformWins}).
 */
final class SpanExtractor {
  private final WindowTargets store;
  private final FunctionIdentity identity;
  private final ExtractConfig config;
  private final Rejections rejections;
  private final SourceArbiter arbiter;

  SpanExtractor(
      WindowTargets store,
      FunctionIdentity identity,
      ExtractConfig config,
      Rejections rejections,
      SourceArbiter arbiter) {
    this.store = store;
    this.identity = identity;
    this.config = config;
    this.rejections = rejections;
    this.arbiter = arbiter;
  }

  private long superseded;

  /** Invocation spans ignored because the function's platform reports its invocations. */
  long superseded() {
    return superseded;
  }

  /** Longer spans (31 years) are bad intervals: the windows keep no duration past this. */
  static final long MAX_SPAN_NANOS = (long) (FunctionWindows.MAX_DURATION_SECONDS * 1e9);

  IngestResult accept(ExportTraceServiceRequest request, long received) {
    Rejections.Tally tally = rejections.tally();
    long items = 0;
    long maxEnd = received + config.futureSkew().toNanos();
    long minEnd = received - config.lateness().toNanos();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      List<KeyValue> resourceAttrs = rs.getResource().getAttributesList();
      Map<String, String> resource = Attributes.toMap(resourceAttrs);
      ResourceFacts facts = new ResourceFacts(resource);
      FunctionKey resourceKey = identity.resolve(List.of(), resource);
      FunctionKey lastKey = null;
      WindowWriter lastWindows = null;
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        boolean platform = PlatformReports.LAMBDA_SCOPE.equals(ss.getScope().getName());
        for (Span span : ss.getSpansList()) {
          items++;
          long start = span.getStartTimeUnixNano();
          long end = span.getEndTimeUnixNano();
          // fixed64 times are unsigned: one past 2^63 (after 2262) reads negative here, and its
          // end - start would overflow into a negative duration
          if (start <= 0 || end < start || end - start > MAX_SPAN_NANOS) {
            tally.add(Reason.BAD_INTERVAL);
            continue;
          }
          if (end > maxEnd) {
            tally.add(Reason.FUTURE);
            continue;
          }
          if (end < minEnd) {
            tally.add(Reason.TOO_LATE);
            continue;
          }
          List<KeyValue> attrs = span.getAttributesList();
          FunctionKey key =
              identity.itemMayOverride(attrs) ? identity.resolve(attrs, resource) : resourceKey;
          if (key == null) {
            tally.add(Reason.NO_IDENTITY);
            continue;
          }
          String triggerValue = Attributes.string(attrs, "faas.trigger");
          if (triggerValue == null) {
            triggerValue = facts.trigger;
          }
          if (!isInvocation(span.getKind(), triggerValue)) {
            continue;
          }
          if (platform) {
            arbiter.platformSeen(key, received);
          } else if (arbiter.platformWins(key, received)) {
            superseded++;
            continue;
          }
          WindowWriter windows;
          if (key.equals(lastKey)) {
            windows = lastWindows;
          } else {
            windows = store.writer(key, resource, received);
            if (windows == null) {
              tally.add(Reason.FUNCTION_LIMIT);
              continue;
            }
            lastKey = key;
            lastWindows = windows;
            arbiter.spanSeen(key, received);
          }
          Invocation inv =
              new Invocation(
                  key,
                  start,
                  end,
                  coldStart(attrs, facts),
                  trigger(triggerValue, attrs),
                  isError(span, attrs),
                  instance(attrs, facts),
                  Math.max(0, Attributes.integer(attrs, "faas.max_memory", facts.memory)));
          if (!windows.recordInvocation(inv)) {
            tally.add(Reason.TOO_LATE);
          }
        }
      }
    }
    String message =
        tally.message(
            "spans", items, config.futureSkew().toString(), "lateness " + config.lateness());
    return new IngestResult(items - tally.rejected(), tally.rejected(), message);
  }

  static boolean isInvocation(Span.SpanKind kind, String trigger) {
    if (kind == Span.SpanKind.SPAN_KIND_SERVER) {
      return true;
    }
    if (kind == Span.SpanKind.SPAN_KIND_CONSUMER) {
      Trigger t = Trigger.parse(trigger);
      return t == Trigger.PUBSUB || t == Trigger.DATASOURCE;
    }
    return false;
  }

  private static boolean coldStart(List<KeyValue> attrs, ResourceFacts facts) {
    Boolean b = Attributes.bool(attrs, "faas.coldstart");
    return b != null ? b : facts.coldStart;
  }

  private static Trigger trigger(String value, List<KeyValue> attrs) {
    if (value != null) {
      return Trigger.parse(value);
    }
    if (Attributes.find(attrs, "http.request.method") != null
        || Attributes.find(attrs, "http.method") != null) {
      return Trigger.HTTP;
    }
    return Trigger.OTHER;
  }

  static boolean isError(Span span, List<KeyValue> attrs) {
    if (span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
      return true;
    }
    long status = Attributes.integer(attrs, "http.response.status_code", -1);
    if (status < 0) {
      status = Attributes.integer(attrs, "http.status_code", -1);
    }
    return status >= 500;
  }

  private static String instance(List<KeyValue> attrs, ResourceFacts facts) {
    String s = Attributes.string(attrs, "faas.instance");
    return s != null ? s : facts.instance;
  }

  /** Per-resource defaults for span-level attributes that may also sit on the resource. */
  static final class ResourceFacts {
    final String trigger;
    final boolean coldStart;
    final String instance;
    final long memory;

    ResourceFacts(Map<String, String> resource) {
      trigger = resource.get("faas.trigger");
      coldStart = "true".equalsIgnoreCase(resource.get("faas.coldstart"));
      String inst = resource.get("faas.instance");
      instance = inst != null ? inst : resource.get("service.instance.id");
      long mem = 0;
      String m = resource.get("faas.max_memory");
      if (m != null) {
        try {
          mem = Math.max(0, Long.parseLong(m.trim()));
        } catch (NumberFormatException e) {
          mem = 0;
        }
      }
      memory = mem;
    }
  }
}
