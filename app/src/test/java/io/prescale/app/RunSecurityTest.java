package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `prescale run --ingest-token-file --admin-token-file --tls-cert --tls-key`: validation and the
 * wired plane.
 */
class RunSecurityTest {
  @TempDir Path dir;

  private record Result(int code, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = PrescaleCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, err.toString());
  }

  @Test
  void emptyTokenFileIsAUsageErrorNamingTheFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("admin.token"), "\n  \n");
    Result r =
        run(
            "run",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--admin-token-file",
            empty.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--admin-token-file = '" + empty + "'"), r.err());
    assertTrue(r.err().contains("empty"), r.err());
  }

  @Test
  void missingTokenOrTlsFileIsAUsageErrorNamingTheFile() throws Exception {
    Path missing = dir.resolve("nope.token");
    Result r =
        run(
            "run",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--ingest-token-file",
            missing.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--ingest-token-file = '" + missing + "'"), r.err());

    Path cert = dir.resolve("missing.crt");
    Path key =
        Files.writeString(
            dir.resolve("k.pem"), "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
    r =
        run(
            "run",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--tls-cert",
            cert.toString(),
            "--tls-key",
            key.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--tls-cert = '" + cert + "'"), r.err());

    r =
        run(
            "run",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--tls-key",
            key.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--tls-cert and --tls-key go together"), r.err());
  }

  @Test
  void tokenNeverAppearsInErrors() throws Exception {
    Path twoWords = Files.writeString(dir.resolve("bad.token"), "hunter2 hunter3\n");
    Result r =
        run(
            "run",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--ingest-token-file",
            twoWords.toString());
    assertEquals(2, r.code(), r.err());
    assertFalse(r.err().contains("hunter2"), r.err());
  }

  @Test
  void runPlaneEnforcesBothTokensAndKeepsProbesOpen() throws Exception {
    Path ingest = Files.writeString(dir.resolve("ingest.token"), "in-123\n");
    Path admin = Files.writeString(dir.resolve("admin.token"), "  ad-456  \n");
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--event-loops",
            "1",
            "--ingest-token-file",
            ingest.toString(),
            "--admin-token-file",
            admin.toString());
    Vertx vertx = Vertx.vertx();
    ControlPlaneContext ctx =
        new ControlPlaneContext(
            vertx, Router.router(vertx), new PrometheusRegistry(), TimeSource.system());
    ControlPlane plane = cmd.controlPlane(ctx, cmd.otlpOptions());
    try {
      plane.start();
      int otlp = ctx.get(OtlpServers.class).httpPort();
      int api = ctx.get(ApiServer.class).actualPort();
      HttpClient http = HttpClient.newHttpClient();
      String json = "{\"resourceSpans\":[]}";
      assertEquals(401, post(http, otlp, json, null).statusCode());
      assertEquals(
          401,
          post(http, otlp, json, "Bearer ad-456").statusCode(),
          "the admin token does not open ingest");
      assertEquals(200, post(http, otlp, json, "Bearer in-123").statusCode());
      assertEquals(401, get(http, api, "/api/v1/functions", null).statusCode());
      assertEquals(401, get(http, api, "/metrics", "Bearer in-123").statusCode());
      assertEquals(200, get(http, api, "/api/v1/functions", "Bearer ad-456").statusCode());
      assertEquals(200, get(http, api, "/metrics", "Bearer ad-456").statusCode());
      assertEquals(200, get(http, api, "/healthz", null).statusCode());
      assertEquals(200, get(http, api, "/readyz", null).statusCode());
    } finally {
      plane.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> post(HttpClient http, int port, String json, String auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/traces"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path, String auth)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
