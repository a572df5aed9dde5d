package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.http.BearerToken;
import io.prescale.collector.http.SelfSignedPem;
import io.prescale.collector.http.ServerSecurity;
import io.prescale.collector.http.TlsFiles;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens on the OTLP ports (real SDK exporters, HTTP and gRPC) and on the API server, in
 * clear text and over TLS from PEM files made with the JDK's keytool.
 */
class OtlpSecurityTest {
  static final String INGEST = "ingest-t0ken";
  static final String ADMIN = "admin-t0ken";

  /** Servers with both tokens, optionally TLS. */
  static final class Secured implements AutoCloseable {
    final Vertx vertx = Vertx.vertx();
    final RecordingSink sink = new RecordingSink();
    final PrometheusRegistry registry = new PrometheusRegistry();
    final OtlpServers servers;
    final ApiServer api;
    final String scheme;

    Secured(TlsFiles tls) throws Exception {
      ServerSecurity security =
          new ServerSecurity(BearerToken.of(INGEST), BearerToken.of(ADMIN), tls);
      scheme = security.scheme();
      servers =
          new OtlpServers(
              vertx,
              OtlpOptions.defaults()
                  .withBindHost("127.0.0.1")
                  .withPorts(0, 0)
                  .withServerInstances(1),
              sink,
              registry,
              TimeSource.system(),
              security);
      servers.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Router router = Router.router(vertx);
      router.get("/api/v1/ping").handler(rc -> rc.response().end("pong"));
      api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true, security);
      api.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    String http() {
      return scheme + "://127.0.0.1:" + servers.httpPort() + "/v1/traces";
    }

    String grpc() {
      return scheme + "://127.0.0.1:" + servers.grpcPort();
    }

    String api(String path) {
      return scheme + "://127.0.0.1:" + api.actualPort() + path;
    }

    long spansNamed(String name) {
      return sink.spans().stream().filter(s -> s.getName().equals(name)).count();
    }

    @Override
    public void close() throws Exception {
      api.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      servers.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  /** Exports one span named {@code name}; whether the exporter reported success. */
  static boolean export(SpanExporter exporter, String name) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("faas.name"), "fn-" + name)))
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    provider.get("test").spanBuilder(name).startSpan().end();
    CompletableResultCode flushed = provider.forceFlush().join(15, TimeUnit.SECONDS);
    provider.shutdown().join(15, TimeUnit.SECONDS);
    return flushed.isSuccess();
  }

  static HttpResponse<String> get(HttpClient client, String url, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class ClearText {
    Secured s;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
      s = new Secured(null);
    }

    @AfterAll
    void stop() throws Exception {
      s.close();
    }

    @Test
    void httpExporterWithTheTokenIsAccepted() {
      assertTrue(
          export(
              OtlpHttpSpanExporter.builder()
                  .setEndpoint(s.http())
                  .addHeader("Authorization", "Bearer " + INGEST)
                  .build(),
              "http-ok"));
      assertEquals(1, s.spansNamed("http-ok"));
    }

    @Test
    void httpExporterWithoutOrWithAWrongTokenIsRejectedAndNothingIsIngested() {
      assertFalse(
          export(OtlpHttpSpanExporter.builder().setEndpoint(s.http()).build(), "http-none"));
      assertFalse(
          export(
              OtlpHttpSpanExporter.builder()
                  .setEndpoint(s.http())
                  .addHeader("Authorization", "Bearer " + ADMIN)
                  .build(),
              "http-wrong"));
      assertEquals(0, s.spansNamed("http-none"), "the sink saw nothing");
      assertEquals(0, s.spansNamed("http-wrong"), "the sink saw nothing");
    }

    @Test
    void grpcExporterWithTheTokenIsAccepted() {
      assertTrue(
          export(
              OtlpGrpcSpanExporter.builder()
                  .setEndpoint(s.grpc())
                  .addHeader("authorization", "Bearer " + INGEST)
                  .build(),
              "grpc-ok"));
      assertEquals(1, s.spansNamed("grpc-ok"));
    }

    @Test
    void grpcExporterWithoutOrWithAWrongTokenIsRejectedAndNothingIsIngested() {
      assertFalse(
          export(OtlpGrpcSpanExporter.builder().setEndpoint(s.grpc()).build(), "grpc-none"));
      assertFalse(
          export(
              OtlpGrpcSpanExporter.builder()
                  .setEndpoint(s.grpc())
                  .addHeader("authorization", "Bearer nope")
                  .build(),
              "grpc-wrong"));
      assertEquals(0, s.spansNamed("grpc-none"), "the sink saw nothing");
      assertEquals(0, s.spansNamed("grpc-wrong"), "the sink saw nothing");
    }

    @Test
    void rawHttpRefusalIs401WithoutDetail() throws Exception {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(s.http()))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer wrong")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"resourceSpans\":[]}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(401, r.statusCode());
      assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
      assertEquals("", r.body(), "no detail in the body");
    }

    @Test
    void apiRoutesAndMetricsNeedTheAdminTokenProbesDoNot() throws Exception {
      for (String path : new String[] {"/api/v1/ping", "/metrics", "/nowhere"}) {
        HttpResponse<String> none = get(client, s.api(path), null);
        assertEquals(401, none.statusCode(), path);
        assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(null), path);
        assertEquals("", none.body(), path);
        assertEquals(
            401,
            get(client, s.api(path), "Bearer " + INGEST).statusCode(),
            path + ": the ingest token is not the admin token");
      }
      HttpResponse<String> ping = get(client, s.api("/api/v1/ping"), "Bearer " + ADMIN);
      assertEquals(200, ping.statusCode());
      assertEquals("pong", ping.body());
      HttpResponse<String> metrics = get(client, s.api("/metrics"), "Bearer " + ADMIN);
      assertEquals(200, metrics.statusCode());
      assertTrue(
          metrics.body().contains("prescale_otlp_refused_requests_total{reason=\"unauthorized\""),
          "refusals are counted");
      assertEquals(200, get(client, s.api("/healthz"), null).statusCode());
      assertEquals(200, get(client, s.api("/readyz"), null).statusCode());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OverTls {
    SelfSignedPem pem;
    Secured s;
    HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
      pem = SelfSignedPem.create(dir);
      s = new Secured(TlsFiles.load(pem.cert, pem.key));
      client = HttpClient.newBuilder().sslContext(pem.clientContext()).build();
    }

    @AfterAll
    void stop() throws Exception {
      s.close();
    }

    @Test
    void probesAnswerOverHttpsWithAClientTrustingTheCertificate() throws Exception {
      HttpResponse<String> r = get(client, s.api("/healthz"), null);
      assertEquals(200, r.statusCode());
      assertEquals("ok\n", r.body());
      assertEquals(401, get(client, s.api("/metrics"), null).statusCode());
      assertEquals(200, get(client, s.api("/metrics"), "Bearer " + ADMIN).statusCode());
    }

    @Test
    void sdkExportersSendOverTlsWithTheToken() {
      OtlpHttpSpanExporterBuilder http =
          OtlpHttpSpanExporter.builder().setEndpoint(s.http()).setTrustedCertificates(pem.certPem);
      assertTrue(export(http.addHeader("Authorization", "Bearer " + INGEST).build(), "tls-http"));
      OtlpGrpcSpanExporterBuilder grpc =
          OtlpGrpcSpanExporter.builder().setEndpoint(s.grpc()).setTrustedCertificates(pem.certPem);
      assertTrue(export(grpc.addHeader("authorization", "Bearer " + INGEST).build(), "tls-grpc"));
      assertFalse(
          export(
              OtlpGrpcSpanExporter.builder()
                  .setEndpoint(s.grpc())
                  .setTrustedCertificates(pem.certPem)
                  .build(),
              "tls-grpc-none"));
      assertEquals(1, s.spansNamed("tls-http"));
      assertEquals(1, s.spansNamed("tls-grpc"));
      assertEquals(0, s.spansNamed("tls-grpc-none"));
    }

    @Test
    void clearTextClientsGetNoAnswer() {
      assertFalse(
          export(
              OtlpHttpSpanExporter.builder()
                  .setEndpoint(s.http().replace("https:", "http:"))
                  .addHeader("Authorization", "Bearer " + INGEST)
                  .setTimeout(Duration.ofSeconds(3))
                  .build(),
              "tls-plain"));
      assertEquals(0, s.spansNamed("tls-plain"));
    }
  }

  @Test
  void missingOrNonPemTlsFilesAreClearErrors(@TempDir Path dir) throws Exception {
    Path cert = dir.resolve("missing.crt");
    Path key = Files.writeString(dir.resolve("k.pem"), "not pem");
    var e = Assertions.assertThrows(IllegalArgumentException.class, () -> TlsFiles.load(cert, key));
    assertTrue(e.getMessage().contains("--tls-cert = '" + cert + "'"), e.getMessage());
    Path realCert =
        Files.writeString(
            dir.resolve("c.pem"), "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n");
    e = Assertions.assertThrows(IllegalArgumentException.class, () -> TlsFiles.load(realCert, key));
    assertTrue(e.getMessage().contains("--tls-key = '" + key + "'"), e.getMessage());
    e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> TlsFiles.load(realCert, null));
    assertTrue(e.getMessage().contains("--tls-key"), e.getMessage());
  }
}
