package io.prescale.collector.http;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connection series of every listener, registered once per registry (the OTLP servers and the API
 * server share one): {@code prescale_listener_open_connections{listener}} and {@code
 * prescale_listener_closed_connections_total{listener,reason}}.
 */
public final class ListenerMetrics {
  /** Why the server closed a connection (or a stream): the {@code reason} label. */
  public enum Reason {
    TOO_MANY_CONNECTIONS("too_many_connections"),
    HEADER_TIMEOUT("header_timeout"),
    IDLE_TIMEOUT("idle_timeout"),
    REQUEST_TIMEOUT("request_timeout");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private static final Map<PrometheusRegistry, ListenerMetrics> BY_REGISTRY = new WeakHashMap<>();
  private final Counter closed;
  private final Map<String, Listener> listeners = new ConcurrentHashMap<>();

  private ListenerMetrics(PrometheusRegistry registry) {
    closed =
        Counter.builder()
            .name("prescale_listener_closed_connections")
            .help(
                "Connections (HTTP/2: streams, for request_timeout) the server closed, by listener and reason:"
                    + " too_many_connections (over --max-connections), header_timeout, idle_timeout, request_timeout")
            .labelNames("listener", "reason")
            .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_listener_open_connections")
        .help("Open connections, by listener (otlp_http, otlp_grpc, api)")
        .labelNames("listener")
        .callback(cb -> listeners.forEach((name, l) -> cb.call(l.open.get(), name)))
        .register(registry);
  }

  /** The series of {@code registry}, registered on first use. */
  public static ListenerMetrics of(PrometheusRegistry registry) {
    synchronized (BY_REGISTRY) {
      return BY_REGISTRY.computeIfAbsent(registry, ListenerMetrics::new);
    }
  }

  /** One listener's counters (shared by all its server instances). */
  public Listener listener(String name) {
    return listeners.computeIfAbsent(name, n -> new Listener(n, closed));
  }

  /** Open connections and close counts of one listener. */
  public static final class Listener {
    final AtomicInteger open = new AtomicInteger();
    private final CounterDataPoint[] closedBy;

    private Listener(String name, Counter closed) {
      closedBy = new CounterDataPoint[Reason.values().length];
      for (Reason r : Reason.values()) {
        closedBy[r.ordinal()] = closed.labelValues(name, r.label);
      }
    }

    public int open() {
      return open.get();
    }

    void closed(Reason reason) {
      closedBy[reason.ordinal()].inc();
    }

    /** How many connections were closed for {@code reason}. */
    public long closedCount(Reason reason) {
      return (long) closedBy[reason.ordinal()].get();
    }
  }
}
