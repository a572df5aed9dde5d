package io.prescale.collector.extract;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.prescale.core.FunctionKey;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform series Prescale understands without instrumentation, one place for both transports
 * (its own Prometheus scrape and OTLP from an OpenTelemetry Collector's Prometheus receiver): names
 * (also as the receiver may rename them: without {@code _total} or the unit suffix), the function
 * key, errors, the duration unit and the instance. Checked against upstream: {@code openfaas/faas}
 * {@code gateway/metrics/metrics.go} and {@code gateway/handlers/notifiers.go}; {@code
 * knative/serving} before 1.19, {@code pkg/queue/request_metric.go} and {@code pkg/metrics/key.go}.
 */
public final class PlatformSeries {
  private PlatformSeries() {}

  /** What a series means. */
  enum Family {
    /** OpenFaaS gateway: completed invocations per {@code function_name} and HTTP {@code code}. */
    OPENFAAS_INVOCATIONS(Kind.COUNT, 1),
    /** OpenFaaS gateway: invocation durations, seconds. */
    OPENFAAS_DURATIONS(Kind.DURATIONS, 1),
    /** OpenFaaS gateway: replicas of each function (a gauge). */
    OPENFAAS_REPLICAS(Kind.REPLICAS, 1),
    /** Knative queue-proxy (before 1.19): requests routed to the queue-proxy, per pod. */
    KNATIVE_REQUESTS(Kind.COUNT, 1),
    /** Knative queue-proxy: request latencies, milliseconds. */
    KNATIVE_LATENCIES(Kind.DURATIONS, 1e-3),
    /** Knative queue-proxy: requests routed to the user container (used without the above). */
    KNATIVE_APP_REQUESTS(Kind.COUNT, 1),
    /** Knative queue-proxy: queue depth (a gauge): only tells that the pod is up. */
    KNATIVE_QUEUE_DEPTH(Kind.PRESENCE, 1);

    final Kind kind;
    final double secondsPerUnit;

    Family(Kind kind, double secondsPerUnit) {
      this.kind = kind;
      this.secondsPerUnit = secondsPerUnit;
    }

    boolean knative() {
      return name().startsWith("KNATIVE");
    }
  }

  /** How a family's points are read. */
  enum Kind {
    COUNT,
    DURATIONS,
    REPLICAS,
    PRESENCE
  }

  private static final Map<String, Family> NAMES =
      Map.ofEntries(
          Map.entry("gateway_function_invocation_total", Family.OPENFAAS_INVOCATIONS),
          Map.entry("gateway_function_invocation", Family.OPENFAAS_INVOCATIONS),
          Map.entry("gateway_functions_seconds", Family.OPENFAAS_DURATIONS),
          Map.entry("gateway_functions", Family.OPENFAAS_DURATIONS),
          Map.entry("gateway_service_count", Family.OPENFAAS_REPLICAS),
          Map.entry("revision_request_count", Family.KNATIVE_REQUESTS),
          Map.entry("revision_request_count_total", Family.KNATIVE_REQUESTS),
          Map.entry("revision_request_latencies", Family.KNATIVE_LATENCIES),
          Map.entry("revision_app_request_count", Family.KNATIVE_APP_REQUESTS),
          Map.entry("revision_app_request_count_total", Family.KNATIVE_APP_REQUESTS),
          Map.entry("revision_queue_depth", Family.KNATIVE_QUEUE_DEPTH));

  /** The resource attribute Prescale's own scrape sets (its source's name): the transport. */
  public static final String SCRAPE_SOURCE_ATTRIBUTE = "prescale.scrape.source";

  /** Every metric family name understood, as a scrape exposes it. */
  public static Set<String> names() {
    return NAMES.keySet();
  }

  /** Whether {@code metric} is one of the platform series. */
  public static boolean understands(String metric) {
    return NAMES.containsKey(metric);
  }

  static Family family(String metric) {
    return NAMES.get(metric);
  }

  /**
   * The function key, like the adapters' targets: OpenFaaS {@code function_name} {@code
   * name.namespace} is {@code namespace/name} (the {@code openfaas} target's {@code namespace} and
   * {@code function}; a name without a namespace, as faasd reports it, is the key itself); Knative
   * is {@code namespace_name/service_name} (the {@code knative} target's {@code namespace} and
   * {@code service}), {@code configuration_name} for a revision without a service. Null when the
   * labels are missing.
   */
  static FunctionKey key(Family f, List<KeyValue> attrs) {
    String key;
    if (f.knative()) {
      String ns = Attributes.string(attrs, "namespace_name");
      String svc = usable(Attributes.string(attrs, "service_name"));
      if (svc == null) {
        svc = usable(Attributes.string(attrs, "configuration_name"));
      }
      if (ns == null || svc == null) {
        return null;
      }
      key = ns + "/" + svc;
    } else {
      String name = Attributes.string(attrs, "function_name");
      if (name == null || name.isBlank()) {
        return null;
      }
      int dot = name.lastIndexOf('.');
      key =
          dot > 0 && dot < name.length() - 1
              ? name.substring(dot + 1) + "/" + name.substring(0, dot)
              : name;
    }
    return key.length() > FunctionKey.MAX_LENGTH ? null : new FunctionKey(key);
  }

  /**
   * The labels of a function first seen through platform series (for policy {@code match.labels}):
   * {@code k8s.namespace.name} and {@code service.name} from the key's namespace and name, not the
   * scrape job's resource.
   */
  static Map<String, String> labels(FunctionKey key) {
    String k = key.value();
    int slash = k.indexOf('/');
    return slash < 0
        ? Map.of("service.name", k)
        : Map.of(
            "k8s.namespace.name", k.substring(0, slash), "service.name", k.substring(slash + 1));
  }

  /**
   * Whether the point counts failed invocations: OpenFaaS {@code code} 5xx (the gateway's HTTP
   * status), Knative {@code response_code_class="5xx"}.
   */
  static boolean error(Family f, List<KeyValue> attrs) {
    if (f.knative()) {
      return "5xx".equals(Attributes.string(attrs, "response_code_class"));
    }
    long code = Attributes.integer(attrs, "code", 0);
    return code >= 500 && code <= 599;
  }

  /** The instance a point comes from: the Knative pod, else null. */
  static String instance(Family f, List<KeyValue> attrs) {
    return f.knative() ? Attributes.string(attrs, "pod_name") : null;
  }

  private static String usable(String s) {
    return s == null || s.isBlank() || s.equals("unknown") ? null : s;
  }
}
