package io.prescale.collector.http;

import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a client may hold a connection of any listener (OTLP/HTTP, OTLP/gRPC, API) without
 * making progress, and how many connections one listener keeps open. Enforced by {@link
 * ConnectionGuard} and, for I/O inactivity, by the server's idle timeout.
 *
 * @param idleTimeout no byte in either direction for this long closes the connection; an HTTP/2
 *     connection with no open stream for this long is closed too
 * @param headerTimeout a complete request head must arrive within this of the connection opening
 *     (and, on HTTP/1.x, of the previous response: the keep-alive wait)
 * @param requestTimeout a request's whole body must arrive within this of its head; else 408
 *     (HTTP/1.x, then the connection is closed) or a stream reset (HTTP/2)
 * @param maxConnections open connections per listener; one more is closed at once
 */
public record ListenerLimits(
    Duration idleTimeout, Duration headerTimeout, Duration requestTimeout, int maxConnections) {
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS = 512;
  static final Duration MIN_TIMEOUT = Duration.ofMillis(10);
  static final Duration MAX_TIMEOUT = Duration.ofDays(1);

  public static ListenerLimits defaults() {
    return new ListenerLimits(
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_HEADER_TIMEOUT,
        DEFAULT_REQUEST_TIMEOUT,
        DEFAULT_MAX_CONNECTIONS);
  }

  public ListenerLimits withIdleTimeout(Duration v) {
    return new ListenerLimits(v, headerTimeout, requestTimeout, maxConnections);
  }

  public ListenerLimits withHeaderTimeout(Duration v) {
    return new ListenerLimits(idleTimeout, v, requestTimeout, maxConnections);
  }

  public ListenerLimits withRequestTimeout(Duration v) {
    return new ListenerLimits(idleTimeout, headerTimeout, v, maxConnections);
  }

  public ListenerLimits withMaxConnections(int v) {
    return new ListenerLimits(idleTimeout, headerTimeout, requestTimeout, v);
  }

  /** Throws {@link IllegalArgumentException} naming the key, the value and the allowed range. */
  public ListenerLimits validate() {
    timeout("idle-timeout", idleTimeout);
    timeout("header-timeout", headerTimeout);
    timeout("request-timeout", requestTimeout);
    if (maxConnections < 1 || maxConnections > 1_000_000) {
      throw new IllegalArgumentException(
          "max-connections = " + maxConnections + ", must be in [1; 1000000]");
    }
    return this;
  }

  private static void timeout(String key, Duration value) {
    if (value == null || value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          key + " = " + value + ", must be in [" + MIN_TIMEOUT + "; " + MAX_TIMEOUT + "]");
    }
  }

  /** The options with the I/O idle timeout set (milliseconds). */
  public HttpServerOptions applyTo(HttpServerOptions options) {
    return new HttpServerOptions(options)
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, idleTimeout.toMillis()));
  }

  /**
   * How often {@link ConnectionGuard} looks at its connections: a quarter of the shortest timeout,
   * 10 ms to 1 s.
   */
  long sweepMillis() {
    long shortest =
        Math.min(
            idleTimeout.toMillis(), Math.min(headerTimeout.toMillis(), requestTimeout.toMillis()));
    return Math.max(10, Math.min(1000, shortest / 4));
  }
}
