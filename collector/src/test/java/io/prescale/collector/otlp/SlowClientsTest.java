package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.http.ListenerLimits;
import io.prescale.collector.http.ListenerMetrics;
import io.prescale.collector.http.ServerSecurity;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slow, silent and too many clients, on raw loopback sockets, against listeners with short
 * timeouts: each is closed or refused within its bound, and bodies cost only the bytes that came.
 */
class SlowClientsTest {
  private static final Duration HEADER = Duration.ofMillis(400);
  private static final Duration REQUEST = Duration.ofMillis(800);
  private static final Duration IDLE = Duration.ofSeconds(2);

  /** The HTTP/2 client preface and an empty SETTINGS frame. */
  private static final byte[] H2_PREFACE =
      concat(
          "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
          new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0});

  private static final int CAP = 3;
  private static final String PB_HEAD =
      "POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Content-Type: application/x-protobuf\r\nContent-Length: 16777216\r\n\r\n";

  private static final Vertx vertx = Vertx.vertx();
  private static final PrometheusRegistry registry = new PrometheusRegistry();
  private static OtlpServers servers;
  private static ApiServer api;
  private static final PrometheusRegistry cappedRegistry = new PrometheusRegistry();
  private static OtlpServers capped;

  @BeforeAll
  static void start() throws Exception {
    ListenerLimits limits =
        ListenerLimits.defaults()
            .withHeaderTimeout(HEADER)
            .withRequestTimeout(REQUEST)
            .withIdleTimeout(IDLE);
    servers =
        new OtlpServers(
            vertx,
            OtlpOptions.defaults().withPorts(0, 0).withServerInstances(1).withLimits(limits),
            new RecordingSink(),
            registry,
            TimeSource.system());
    await(servers.start());
    api =
        new ApiServer(
            vertx,
            Router.router(vertx),
            registry,
            "127.0.0.1",
            0,
            () -> true,
            ServerSecurity.none(),
            limits);
    await(api.start());
    capped =
        new OtlpServers(
            vertx,
            OtlpOptions.defaults()
                .withPorts(0, 0)
                .withServerInstances(2)
                .withLimits(ListenerLimits.defaults().withMaxConnections(CAP)),
            new RecordingSink(),
            cappedRegistry,
            TimeSource.system());
    await(capped.start());
  }

  @AfterAll
  static void stop() throws Exception {
    await(api.stop());
    await(servers.stop());
    await(capped.stop());
    await(vertx.close());
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private static long closed(PrometheusRegistry r, String listener, ListenerMetrics.Reason reason) {
    return ListenerMetrics.of(r).listener(listener).closedCount(reason);
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
      Thread.sleep(50);
    }
    assertTrue(condition.getAsBoolean(), what);
  }

  @Test
  void aTrickledBodyGets408WithinTheRequestTimeoutAndHoldsOnlyWhatWasSent() throws Exception {
    long before = closed(registry, "otlp_http", ListenerMetrics.Reason.REQUEST_TIMEOUT);
    try (RawHttp c = new RawHttp(servers.httpPort(), 5000)) {
      long t0 = System.nanoTime();
      c.send(PB_HEAD);
      int sent = 0;
      long maxInflight = 0;
      for (int i = 0; i < 40 && c.socket.getInputStream().available() == 0; i++) {
        try {
          c.send(new byte[] {0x0a});
        } catch (IOException e) {
          break; // the server closed while we were still sending
        }
        sent++;
        Thread.sleep(100);
        maxInflight = Math.max(maxInflight, servers.inflightBytes());
      }
      String answer = c.readUntilClosed();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertNotNull(answer, "still open after " + ms + " ms");
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(ms >= REQUEST.toMillis() && ms < 4000, "closed after " + ms + " ms");
      assertTrue(
          maxInflight >= 1 && maxInflight <= sent,
          "in flight " + maxInflight + " bytes after sending " + sent);
    }
    waitFor(
        () -> servers.inflightBytes() == 0, "in-flight bytes released: " + servers.inflightBytes());
    assertEquals(before + 1, closed(registry, "otlp_http", ListenerMetrics.Reason.REQUEST_TIMEOUT));
  }

  @Test
  void silentConnectionsAreClosedAfterTheHeaderTimeout() throws Exception {
    int[] ports = {servers.httpPort(), api.actualPort()};
    String[] listeners = {"otlp_http", "api"};
    for (int i = 0; i < ports.length; i++) {
      long before = closed(registry, listeners[i], ListenerMetrics.Reason.HEADER_TIMEOUT);
      try (RawHttp c = new RawHttp(ports[i], 4000)) {
        long t0 = System.nanoTime();
        assertTrue(c.closedByServer(), listeners[i] + " kept a silent connection open");
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= HEADER.toMillis() - 50, listeners[i] + " closed after " + ms + " ms");
      }
      assertEquals(
          before + 1,
          closed(registry, listeners[i], ListenerMetrics.Reason.HEADER_TIMEOUT),
          listeners[i]);
    }
  }

  /**
   * The gRPC port (h2c) knows a connection only once its first bytes say which protocol it speaks:
   * a silent one is closed by the idle timeout, one that sent the HTTP/2 preface and no stream by
   * the header timeout.
   */
  @Test
  void silentGrpcConnectionsAreClosedByTheIdleOrHeaderTimeout() throws Exception {
    try (RawHttp c = new RawHttp(servers.grpcPort(), (int) IDLE.toMillis() + 3000)) {
      long t0 = System.nanoTime();
      assertTrue(c.closedByServer(), "a silent gRPC connection stayed open");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms >= IDLE.toMillis() - 100, "closed after " + ms + " ms");
    }
    long before = closed(registry, "otlp_grpc", ListenerMetrics.Reason.HEADER_TIMEOUT);
    try (RawHttp c = new RawHttp(servers.grpcPort(), 1500)) {
      long t0 = System.nanoTime();
      c.send(H2_PREFACE);
      assertTrue(c.closedByServer(), "an HTTP/2 connection with no stream stayed open");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(
          ms >= HEADER.toMillis() - 50 && ms < IDLE.toMillis(), "closed after " + ms + " ms");
    }
    assertEquals(before + 1, closed(registry, "otlp_grpc", ListenerMetrics.Reason.HEADER_TIMEOUT));
  }

  @Test
  void aTrickledRequestHeadIsClosedAfterTheHeaderTimeout() throws Exception {
    try (RawHttp c = new RawHttp(servers.httpPort(), 200)) {
      long t0 = System.nanoTime();
      c.send("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      boolean closed = false;
      for (int i = 0; i < 20 && !closed; i++) {
        try {
          c.send("X-Slow-" + i + ": a\r\n");
        } catch (IOException e) {
          closed = true;
          break;
        }
        closed = c.readUntilClosed() != null; // waits 200 ms
      }
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(closed, "a head trickled for " + ms + " ms was not closed");
      assertTrue(ms < 3000, "closed after " + ms + " ms");
    }
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterItsResponse() throws Exception {
    long before = closed(registry, "api", ListenerMetrics.Reason.IDLE_TIMEOUT);
    try (RawHttp c = new RawHttp(api.actualPort(), 4000)) {
      c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      String all = c.readUntilClosed();
      assertNotNull(all, "the keep-alive connection stayed open");
      assertTrue(all.startsWith("HTTP/1.1 200"), all);
    }
    assertEquals(before + 1, closed(registry, "api", ListenerMetrics.Reason.IDLE_TIMEOUT));
  }

  @Test
  void connectionsOverTheCapAreRefused() throws Exception {
    ListenerMetrics.Listener http = ListenerMetrics.of(cappedRegistry).listener("otlp_http");
    List<RawHttp> open = new ArrayList<>();
    try {
      for (int i = 0; i < CAP; i++) {
        open.add(new RawHttp(capped.httpPort(), 300));
      }
      waitFor(() -> http.open() == CAP, "open connections: " + http.open());
      for (int i = 0; i < 3; i++) {
        try (RawHttp extra = new RawHttp(capped.httpPort(), 3000)) {
          assertTrue(
              extra.closedByServer(), "connection " + (CAP + 1 + i) + " was accepted over the cap");
        }
      }
      assertEquals(3, http.closedCount(ListenerMetrics.Reason.TOO_MANY_CONNECTIONS));
      for (RawHttp c : open) {
        assertNull(c.readUntilClosed(), "a connection within the cap was closed");
      }
      open.remove(0).close();
      waitFor(() -> http.open() == CAP - 1, "open connections after one closed: " + http.open());
      byte[] body = Requests.spans("capped", 1).toByteArray();
      assertEquals(
          200,
          Requests.post(
                  "http://127.0.0.1:" + capped.httpPort() + "/v1/traces",
                  "application/x-protobuf",
                  null,
                  body)
              .statusCode(),
          "a connection under the cap again is served");
    } finally {
      for (RawHttp c : open) {
        c.close();
      }
    }
  }
}
