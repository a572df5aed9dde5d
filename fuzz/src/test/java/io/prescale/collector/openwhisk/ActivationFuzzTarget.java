package io.prescale.collector.openwhisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.prescale.fuzz.TextMutations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of the OpenWhisk activations API as the {@code openwhisk} source decodes it: the JSON
 * list, each record through {@link Activation#parse}, the records taken as spans into a {@link
 * CollectorSink}. Properties: an unreadable page or a non-list is refused with an {@link
 * IOException} or recognised as not a list; a bad record is an {@link IllegalArgumentException}
 * naming it; nothing else is thrown, and every record parsed has {@code 0 < start <= end}.
 */
final class ActivationFuzzTarget implements FuzzTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_765_000_070_000L;

  @Override
  public String name() {
    return "openwhisk-activations";
  }

  @Override
  public List<byte[]> seeds() {
    ArrayNode page = JSON.createArrayNode();
    page.add(
        record(
            "8f1d0d8a2e2a4b5a9d0d8a2e2a9b5a11",
            "guest/shop/checkout",
            1_765_000_008_000L,
            45,
            "success",
            false));
    page.add(
        record(
            "5c2f7e1b0d9c4e8fafe7e1b0d9c4e8f0",
            "guest/shop/checkout",
            1_765_000_006_000L,
            650,
            "success",
            true));
    page.add(
        record(
            "b7a4c2d9e1f04a3bb7a4c2d9e1f04a30",
            "guest/resize",
            1_765_000_005_000L,
            210,
            "application error",
            false));
    ArrayNode one =
        JSON.createArrayNode()
            .add(
                record(
                    "d4e6f8a0b2c34d5ed4e6f8a0b2c34d5e",
                    "guest/resize",
                    1_765_000_003_000L,
                    20,
                    "whisk internal error",
                    true));
    return List.of(
        page.toString().getBytes(StandardCharsets.UTF_8),
        one.toString().getBytes(StandardCharsets.UTF_8),
        "[]".getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode record(
      String id, String path, long start, long duration, String status, boolean cold) {
    ObjectNode a = JSON.createObjectNode();
    int slash = path.indexOf('/');
    a.put("namespace", path.substring(0, slash))
        .put("name", path.substring(path.lastIndexOf('/') + 1));
    a.put("version", "0.0.1").put("subject", "guest").put("activationId", id);
    a.put("start", start).put("end", start + duration).put("duration", duration);
    ObjectNode r = a.putObject("response");
    r.put("status", status).put("statusCode", "success".equals(status) ? 0 : 1);
    r.put("success", "success".equals(status)).putObject("result").put("ok", true);
    a.putArray("logs");
    ArrayNode ann = a.putArray("annotations");
    ann.addObject().put("key", "path").put("value", path);
    ann.addObject().put("key", "waitTime").put("value", 12);
    ann.addObject().put("key", "kind").put("value", "nodejs:20");
    ann.addObject()
        .put("key", "limits")
        .putObject("value")
        .put("memory", 256)
        .put("timeout", 60000);
    if (cold) {
      ann.addObject().put("key", "initTime").put("value", 420);
    }
    return a.put("publish", false);
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    return m.random().nextInt(3) == 0 ? m.anyBytes(input) : TextMutations.mutate(m, input, false);
  }

  @Override
  public String check(byte[] input) {
    JsonNode list;
    try {
      list = JSON.readTree(input);
    } catch (IOException e) {
      return "unreadable";
    }
    if (list == null || !list.isArray()) {
      return "not-a-list";
    }
    List<Activation> taken = new ArrayList<>();
    for (JsonNode n : list) {
      try {
        Activation a = Activation.parse(n);
        if (a.startMillis() <= 0 || a.endMillis() < a.startMillis() || a.id().isBlank()) {
          throw new AssertionError("parsed an activation outside its contract: " + a);
        }
        if (a.runsAContainer()) {
          taken.add(a);
        }
      } catch (IllegalArgumentException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
          throw new AssertionError("a refused record without a message", e);
        }
      }
    }
    if (taken.isEmpty()) {
      return "none";
    }
    CollectorSink sink =
        new CollectorSink(
            FunctionStore.withDefaults(), new ManualTimeSource(Instant.ofEpochMilli(NOW)));
    IngestResult r = sink.acceptTraces(ActivationSpans.request(taken), NOW * 1_000_000L);
    if (r.accepted() + r.rejected() != taken.size()) {
      throw new AssertionError(taken.size() + " spans handed over, " + r);
    }
    return r.rejected() == 0 ? "taken" : "partly-taken";
  }
}
