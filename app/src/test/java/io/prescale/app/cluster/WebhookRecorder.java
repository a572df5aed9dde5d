package io.prescale.app.cluster;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The adapter endpoint of the cluster tests: a webhook receiver (the built-in {@code webhook}
 * adapter's request shape) that records every scale call with the {@code Prescale-Origin} fencing
 * token ({@code <replica>/<generation>}) and when it arrived.
 */
final class WebhookRecorder implements AutoCloseable {
  record Call(String function, String replica, int generation, long atNanos) {}

  private final HttpServer server;
  private final List<Call> calls = new ArrayList<>();

  WebhookRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/scale",
        x -> {
          try (InputStream in = x.getRequestBody()) {
            JsonObject body = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            String origin = x.getRequestHeaders().getFirst("Prescale-Origin");
            int slash = origin == null ? -1 : origin.lastIndexOf('/');
            synchronized (calls) {
              calls.add(
                  new Call(
                      body.getString("function"),
                      slash < 0 ? null : origin.substring(0, slash),
                      slash < 0 ? -1 : Integer.parseInt(origin.substring(slash + 1)),
                      System.nanoTime()));
            }
            x.sendResponseHeaders(200, -1);
          } finally {
            x.close();
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/scale";
  }

  List<Call> calls() {
    synchronized (calls) {
      return new ArrayList<>(calls);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
