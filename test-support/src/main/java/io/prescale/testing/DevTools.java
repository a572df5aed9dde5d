package io.prescale.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Chrome DevTools protocol client over the JDK's WebSocket: numbered commands with their
 * replies, one-shot event waits, and the page's errors and off-machine requests collected from the
 * {@code Runtime}, {@code Log} and {@code Network} events. Messages are capped at 64 MiB (a
 * screenshot of a large window fits).
 */
final class DevTools implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 64 << 20;

  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<JsonNode>> awaited = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> external = new ArrayList<>();
  private WebSocket socket;

  private DevTools() {}

  static DevTools connect(URI ws, Duration limit)
      throws IOException, InterruptedException, TimeoutException {
    DevTools dt = new DevTools();
    HttpClient http = HttpClient.newBuilder().connectTimeout(limit).build();
    try {
      dt.socket =
          http.newWebSocketBuilder()
              .connectTimeout(limit)
              .buildAsync(ws, dt.new Listener())
              .get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException("cannot open DevTools at " + ws + ": " + e.getCause(), e);
    }
    return dt;
  }

  /**
   * Sends {@code method} (to {@code session}, or the browser when null) and waits for its reply.
   */
  JsonNode call(String session, String method, ObjectNode params, long deadline)
      throws IOException, InterruptedException, TimeoutException {
    long id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    if (session != null) {
      msg.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(msg), true);
    JsonNode r;
    try {
      r = reply.get(HeadlessChromium.remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IOException("DevTools " + method + ": " + e.getCause().getMessage(), e);
    } finally {
      pending.remove(id);
    }
    if (r.has("error")) {
      throw new IOException("DevTools " + method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  /** Completes with the next {@code method} event of {@code session}. */
  CompletableFuture<JsonNode> event(String session, String method) {
    return awaited.computeIfAbsent(session + " " + method, k -> new CompletableFuture<>());
  }

  synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  synchronized List<String> externalRequests() {
    return List.copyOf(external);
  }

  private synchronized void onEvent(String session, String method, JsonNode params) {
    switch (method) {
      case "Runtime.exceptionThrown" -> {
        JsonNode d = params.path("exceptionDetails");
        String text = d.path("exception").path("description").asText(d.path("text").asText());
        errors.add("uncaught: " + text + at(d.path("url").asText(), d.path("lineNumber")));
      }
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          List<String> parts = new ArrayList<>();
          params
              .path("args")
              .forEach(a -> parts.add(a.path("value").asText(a.path("description").asText())));
          errors.add("console." + type + ": " + String.join(" ", parts));
        }
      }
      case "Log.entryAdded" -> {
        JsonNode e = params.path("entry");
        if (e.path("level").asText().equals("error")) {
          errors.add(
              e.path("source").asText()
                  + ": "
                  + e.path("text").asText()
                  + at(e.path("url").asText(), e.path("lineNumber")));
        }
      }
      case "Network.requestWillBeSent" -> {
        String url = params.path("request").path("url").asText();
        if (!local(url)) {
          external.add(url);
        }
      }
      default -> {}
    }
    CompletableFuture<JsonNode> f = awaited.get(session + " " + method);
    if (f != null) {
      f.complete(params);
    }
  }

  private static String at(String url, JsonNode line) {
    return url.isEmpty() ? "" : " (" + url + (line.isMissingNode() ? "" : ":" + line.asInt()) + ")";
  }

  static boolean local(String url) {
    String u = url.toLowerCase(Locale.ROOT);
    return u.startsWith("file:")
        || u.startsWith("data:")
        || u.startsWith("blob:")
        || u.startsWith("about:")
        || u.startsWith("http://127.0.0.1:")
        || u.startsWith("http://127.0.0.1/")
        || u.startsWith("http://localhost:")
        || u.startsWith("http://localhost/");
  }

  private void onMessage(String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (IOException e) {
      synchronized (this) {
        errors.add("DevTools sent a message that is not JSON: " + e.getMessage());
      }
      return;
    }
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.get(m.get("id").asLong());
      if (f != null) {
        f.complete(m);
      }
    } else if (m.has("method")) {
      onEvent(m.path("sessionId").asText(null), m.get("method").asText(), m.path("params"));
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.abort();
    }
    IOException closed = new IOException("DevTools connection closed");
    pending.values().forEach(f -> f.completeExceptionally(closed));
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buf = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      if (buf.length() + data.length() > MAX_MESSAGE) {
        buf.setLength(0);
        synchronized (DevTools.this) {
          errors.add("DevTools message above " + MAX_MESSAGE + " characters dropped");
        }
      } else {
        buf.append(data);
      }
      if (last) {
        String text = buf.toString();
        buf.setLength(0);
        onMessage(text);
      }
      ws.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      IOException e = new IOException("DevTools connection failed: " + error);
      pending.values().forEach(f -> f.completeExceptionally(e));
      awaited.values().forEach(f -> f.completeExceptionally(e));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      IOException e = new IOException("DevTools connection closed: " + status + " " + reason);
      pending.values().forEach(f -> f.completeExceptionally(e));
      awaited.values().forEach(f -> f.completeExceptionally(e));
      return null;
    }
  }
}
