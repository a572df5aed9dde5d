package io.prescale.app.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prescale.app.ChildRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end without instrumenting the function: {@code prescale run} in its own JVM scrapes a
 * loopback stand-in of the OpenFaaS gateway (its {@code /metrics} exposition as the gateway serves
 * it on port 8082, with basic auth) through the policy's {@code sources:}, decides with the KPA on
 * the concurrency those series give, and scales the function through the same stand-in's REST API
 * ({@code GET /system/function/figlet?namespace=openfaas-fn}, {@code POST
 * /system/scale-function/figlet?namespace=openfaas-fn}) with the {@code openfaas} adapter. Waits
 * are bounded.
 */
class OpenFaasGatewayEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private HttpServer gateway;
  private ExecutorService pool;
  private Process process;
  private final AtomicInteger replicas = new AtomicInteger(1);
  private final List<String> scaleBodies = new CopyOnWriteArrayList<>();
  private final List<String> metricsAuth = new CopyOnWriteArrayList<>();
  private volatile long startedMillis;
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    if (gateway != null) {
      gateway.stop(0);
      pool.shutdownNow();
    }
  }

  /**
   * 200 invocations a second, 0.25 s each (a mean concurrency of 50), 1 in 100 answered 500: as the
   * gateway's counters stand {@code ms} milliseconds after the start.
   */
  static String exposition(long ms, int replicas) {
    long total = ms / 5; // 200 a second
    long failed = total / 100;
    long ok = total - failed;
    String fn = "figlet.openfaas-fn";
    return """
        # HELP gateway_function_invocation_started The total number of function HTTP requests started.
        # TYPE gateway_function_invocation_started counter
        gateway_function_invocation_started{function_name="%1$s"} %2$d
        # HELP gateway_function_invocation_total Function metrics
        # TYPE gateway_function_invocation_total counter
        gateway_function_invocation_total{code="200",function_name="%1$s"} %3$d
        gateway_function_invocation_total{code="500",function_name="%1$s"} %4$d
        # HELP gateway_functions_seconds Function time taken
        # TYPE gateway_functions_seconds histogram
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.005"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.01"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.025"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.05"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.1"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.25"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.5"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="1"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="2.5"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="5"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="10"} %3$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="+Inf"} %3$d
        gateway_functions_seconds_sum{code="200",function_name="%1$s"} %5$s
        gateway_functions_seconds_count{code="200",function_name="%1$s"} %3$d
        gateway_functions_seconds_bucket{code="500",function_name="%1$s",le="0.25"} %4$d
        gateway_functions_seconds_bucket{code="500",function_name="%1$s",le="+Inf"} %4$d
        gateway_functions_seconds_sum{code="500",function_name="%1$s"} %6$s
        gateway_functions_seconds_count{code="500",function_name="%1$s"} %4$d
        # HELP gateway_service_count Service replicas
        # TYPE gateway_service_count gauge
        gateway_service_count{function_name="%1$s"} %7$d
        # HELP go_goroutines Number of goroutines that currently exist.
        # TYPE go_goroutines gauge
        go_goroutines 27
        """
        .formatted(
            fn,
            total,
            ok,
            failed,
            Double.toString(0.25 * ok),
            Double.toString(0.25 * failed),
            replicas);
  }

  private void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      ex.getResponseBody().write(b);
    }
    ex.close();
  }

  @Test
  void scrapedGatewaySeriesScaleTheFunctionThroughTheGateway() throws Exception {
    gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(4);
    gateway.setExecutor(pool);
    startedMillis = System.currentTimeMillis();
    gateway.createContext(
        "/metrics",
        ex -> {
          metricsAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          answer(ex, 200, exposition(System.currentTimeMillis() - startedMillis, replicas.get()));
        });
    gateway.createContext(
        "/system/function/figlet",
        ex -> {
          if (!"namespace=openfaas-fn".equals(ex.getRequestURI().getQuery())) {
            answer(ex, 404, "function not found");
            return;
          }
          ex.getResponseHeaders().add("Content-Type", "application/json");
          answer(
              ex,
              200,
              "{\"name\":\"figlet\",\"image\":\"ghcr.io/openfaas/figlet:latest\",\"namespace\":"
                  + "\"openfaas-fn\",\"invocationCount\":0,\"replicas\":"
                  + replicas.get()
                  + ",\"availableReplicas\":"
                  + replicas.get()
                  + ",\"labels\":{}}");
        });
    gateway.createContext(
        "/system/scale-function/figlet",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          scaleBodies.add(body);
          JsonNode n = JSON.readTree(body);
          replicas.set(n.path("replicas").asInt());
          answer(ex, 202, "");
        });
    gateway.start();
    String url = "http://127.0.0.1:" + gateway.getAddress().getPort();
    Path password = dir.resolve("basic-auth-password");
    Files.writeString(password, "gateway-secret\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        defaults:
          mode: kpa
          perInstanceConcurrency: 10
          window: { stable: 60s, panicPercentage: 10, panicThreshold: 200 }
        policies:
          - name: figlet
            match: { function: openfaas-fn/figlet }
            maxInstances: 20
            adapter: { name: openfaas, target: { function: figlet, namespace: openfaas-fn } }
        sources:
          prometheus:
            - name: openfaas
              static: [ "%s/metrics" ]
              interval: 1s
              timeout: 1s
              auth: { basic: { username: admin, passwordFile: "%s" } }
        """
            .formatted(url, password));
    ProcessBuilder pb = new ProcessBuilder(ChildRun.runCommand(policy, "--http-port", "0"));
    pb.environment().put("PRESCALE_ADAPTER_OPENFAAS_GATEWAY", url);
    pb.environment().put("PRESCALE_ADAPTER_OPENFAAS_PASSWORD_FILE", password.toString());
    ChildRun run = ChildRun.start(pb, "openfaas-e2e");
    process = run.process();
    HttpClient http = HttpClient.newHttpClient();

    for (int i = 0; i < 120 && replicas.get() < 5; i++) {
      Thread.sleep(500);
    }
    assertTrue(
        replicas.get() >= 5,
        "a mean concurrency of 50 at 10 per instance scales figlet to at least 5, got "
            + replicas.get()
            + "; scale calls "
            + scaleBodies
            + "\noutput:\n"
            + run.drain());
    JsonNode body = JSON.readTree(scaleBodies.get(scaleBodies.size() - 1));
    assertEquals("figlet", body.path("serviceName").asText());
    assertEquals("openfaas-fn", body.path("namespace").asText());
    assertEquals(
        "Basic YWRtaW46Z2F0ZXdheS1zZWNyZXQ=",
        metricsAuth.get(0),
        "the source's basic auth, the password file trimmed");

    JsonNode sources = get(http, run.apiPort(), "/api/v1/sources");
    JsonNode target = sources.path("sources").get(0).path("targets").get(0);
    assertEquals("openfaas", sources.path("sources").get(0).path("name").asText());
    assertEquals("up", target.path("health").asText(), sources.toString());
    assertEquals(url + "/metrics", target.path("url").asText());

    // hot reload: the source renamed and pointed at a port nothing listens on, through a rename
    // over the file as a ConfigMap update does; the old target stops, the new one is reported down
    Path next = dir.resolve("policy.yaml.next");
    Files.writeString(
        next,
        Files.readString(policy)
            .replace("name: openfaas\n", "name: gateway-b\n")
            .replace(url + "/metrics", "http://127.0.0.1:1/metrics"));
    Files.move(next, policy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    JsonNode reloaded = sources;
    for (int i = 0; i < 40; i++) {
      Thread.sleep(250);
      reloaded = get(http, run.apiPort(), "/api/v1/sources");
      JsonNode t = reloaded.path("sources").get(0).path("targets").get(0);
      if (t != null && t.path("health").asText().equals("down")) {
        break;
      }
    }
    JsonNode only = reloaded.path("sources");
    assertEquals(1, only.size(), reloaded.toString());
    assertEquals("gateway-b", only.get(0).path("name").asText(), reloaded.toString());
    JsonNode down = only.get(0).path("targets").get(0);
    assertEquals("down", down.path("health").asText(), reloaded.toString());
    assertTrue(
        down.path("lastError").asText().startsWith("refused: "),
        "the failure is reported: " + down);

    JsonNode fn = get(http, run.apiPort(), "/api/v1/functions/openfaas-fn%2Ffiglet");
    long invocations = fn.path("invocationsTotal").asLong(-1);
    long errors = fn.path("errorsTotal").asLong(-1);
    assertTrue(invocations > 0, fn.toString());
    assertTrue(errors > 0 && errors <= invocations / 50, "about 1 in 100 failed: " + fn);
    assertTrue(fn.path("liveInstances").asInt() >= 1, "gateway_service_count: " + fn);
  }

  private static JsonNode get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
