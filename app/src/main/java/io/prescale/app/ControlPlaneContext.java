package io.prescale.app;

import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What components share: the Vert.x instance, the API server's {@link Router} (routes mounted
 * before the API server listens), the Prometheus registry behind {@code /metrics}, the time source,
 * and typed shared objects (the collector's function store, the telemetry sink, ...) that one
 * component {@link #put}s and later ones {@link #get}.
 */
public final class ControlPlaneContext {
  private final Vertx vertx;
  private final Router router;
  private final PrometheusRegistry registry;
  private final TimeSource timeSource;
  private final Map<Class<?>, Object> shared = new ConcurrentHashMap<>();

  public ControlPlaneContext(
      Vertx vertx, Router router, PrometheusRegistry registry, TimeSource timeSource) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.router = Objects.requireNonNull(router, "router");
    this.registry = Objects.requireNonNull(registry, "registry");
    this.timeSource = Objects.requireNonNull(timeSource, "timeSource");
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The router of the API server on --http-port. */
  public Router router() {
    return router;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public TimeSource timeSource() {
    return timeSource;
  }

  /** The collector's per-function store; present once the function data component started. */
  public FunctionStore functionStore() {
    return get(FunctionStore.class);
  }

  /** Shares {@code value} under {@code type}; replaces an earlier value of that type. */
  public <T> ControlPlaneContext put(Class<T> type, T value) {
    shared.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** The shared value of {@code type}, if a component put one. */
  public <T> Optional<T> find(Class<T> type) {
    return Optional.ofNullable(type.cast(shared.get(type)));
  }

  /** The shared value of {@code type}; throws naming the type when nobody put one. */
  public <T> T get(Class<T> type) {
    return find(type)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no "
                        + type.getName()
                        + " in the control plane context;"
                        + " the component that provides it must be registered earlier"));
  }
}
