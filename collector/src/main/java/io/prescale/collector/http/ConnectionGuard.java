package io.prescale.collector.http;

import io.prescale.core.time.Durations;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Enforces {@link ListenerLimits} on one HTTP server: refuses connections past {@code
 * maxConnections} (closed at once), closes connections whose request head does not arrive within
 * {@code headerTimeout} (from the connection opening or, on HTTP/1.x, the previous response),
 * HTTP/2 connections with no stream for {@code idleTimeout}, and answers 408 (HTTP/1.x, then
 * closes) or resets the stream (HTTP/2) when a body is not complete within {@code requestTimeout}
 * of its head. A periodic {@link #sweep()} does the timing, so the clock is injected and nothing is
 * armed per request.
 */
public final class ConnectionGuard {
  private final ListenerLimits limits;
  private final ListenerMetrics.Listener metrics;
  private final LongSupplier nanoTime;
  private final Map<HttpConnection, Conn> conns = new IdentityHashMap<>();
  private Vertx vertx;
  private long timerId = -1;

  /** One connection's requests in progress and since when it had none. */
  private static final class Conn {
    final HttpConnection connection;
    final long openedNanos;
    final List<Active> active = new ArrayList<>();
    long idleSinceNanos;
    boolean served;
    boolean http2;
    boolean closing;

    Conn(HttpConnection connection, long now) {
      this.connection = connection;
      this.openedNanos = now;
      this.idleSinceNanos = now;
    }
  }

  private record Active(HttpServerRequest request, long startNanos, Context context) {}

  /**
   * @param nanoTime monotonic clock of the timeouts
   */
  public ConnectionGuard(
      ListenerLimits limits, ListenerMetrics.Listener metrics, LongSupplier nanoTime) {
    this.limits = Objects.requireNonNull(limits, "limits").validate();
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * Guards {@code server}: its connection and request handlers go through this guard; sweeps
   * periodically.
   */
  public HttpServer install(Vertx vertx, HttpServer server, Handler<HttpServerRequest> handler) {
    synchronized (this) {
      this.vertx = vertx;
      timerId = vertx.setPeriodic(limits.sweepMillis(), id -> sweep());
    }
    return server
        .connectionHandler(this::opened)
        .requestHandler(
            req -> {
              requested(req);
              handler.handle(req);
            });
  }

  /** Stops sweeping (the server's close closes the connections). */
  public synchronized void close() {
    if (vertx != null && timerId >= 0) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
  }

  /** A new connection: refused at once past the cap, else watched until it closes. */
  void opened(HttpConnection connection) {
    if (metrics.open.incrementAndGet() > limits.maxConnections()) {
      metrics.open.decrementAndGet();
      metrics.closed(ListenerMetrics.Reason.TOO_MANY_CONNECTIONS);
      connection.close();
      return;
    }
    synchronized (this) {
      conns.put(connection, new Conn(connection, nanoTime.getAsLong()));
    }
    connection.closeHandler(v -> closed(connection));
  }

  private void closed(HttpConnection connection) {
    synchronized (this) {
      if (conns.remove(connection) == null) {
        return;
      }
    }
    metrics.open.decrementAndGet();
  }

  /** A request head arrived: the connection is busy until its response ends. */
  synchronized void requested(HttpServerRequest req) {
    Conn c = conns.get(req.connection());
    if (c == null) {
      return;
    }
    c.served = true;
    c.http2 |= req.version() == HttpVersion.HTTP_2;
    c.active.add(new Active(req, nanoTime.getAsLong(), Vertx.currentContext()));
  }

  /** Open connections this guard watches. */
  synchronized int watched() {
    return conns.size();
  }

  /** Closes what overran a timeout; called periodically, and by tests with a manual clock. */
  void sweep() {
    long now = nanoTime.getAsLong();
    List<Runnable> actions = new ArrayList<>();
    synchronized (this) {
      for (Conn c : conns.values()) {
        if (!c.closing) {
          check(c, now, actions);
        }
      }
    }
    actions.forEach(Runnable::run); // outside the lock: closing calls back into closed()
  }

  private void check(Conn c, long now, List<Runnable> actions) {
    boolean hadActive = !c.active.isEmpty();
    c.active.removeIf(a -> a.request.response().ended() || a.request.response().closed());
    if (hadActive && c.active.isEmpty()) {
      c.idleSinceNanos = now;
    }
    if (c.active.isEmpty()) {
      boolean waitsForHead = !c.served || !c.http2;
      long limit = (waitsForHead ? limits.headerTimeout() : limits.idleTimeout()).toNanos();
      if (now - c.idleSinceNanos >= limit) {
        ListenerMetrics.Reason reason =
            c.served ? ListenerMetrics.Reason.IDLE_TIMEOUT : ListenerMetrics.Reason.HEADER_TIMEOUT;
        c.closing = true;
        metrics.closed(reason);
        HttpConnection connection = c.connection;
        actions.add(
            () -> {
              if (c.http2) {
                connection
                    .shutdown(); // GOAWAY: the client opens a new connection for its next export
              } else {
                connection.close();
              }
            });
      }
      return;
    }
    long limit = limits.requestTimeout().toNanos();
    for (Active a : List.copyOf(c.active)) {
      if (now - a.startNanos >= limit && !a.request.isEnded()) {
        metrics.closed(ListenerMetrics.Reason.REQUEST_TIMEOUT);
        c.active.remove(a);
        if (!c.http2) {
          c.closing = true;
        }
        actions.add(() -> onContext(a.context, () -> timedOut(a.request)));
      }
    }
  }

  private static void onContext(Context context, Runnable r) {
    if (context == null) {
      r.run();
    } else {
      context.runOnContext(v -> r.run());
    }
  }

  /**
   * 408 and close on HTTP/1.x (the unread body makes the connection unusable); a stream reset on
   * HTTP/2.
   */
  private void timedOut(HttpServerRequest req) {
    HttpServerResponse resp = req.response();
    if (req.version() == HttpVersion.HTTP_2) {
      resp.reset(8); // CANCEL
      return;
    }
    HttpConnection connection = req.connection();
    if (resp.ended() || resp.closed() || resp.headWritten()) {
      connection.close();
      return;
    }
    resp.setStatusCode(408)
        .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(
            "request body not received within request-timeout = "
                + Durations.format(limits.requestTimeout())
                + "\n")
        .onComplete(ar -> connection.close());
  }
}
