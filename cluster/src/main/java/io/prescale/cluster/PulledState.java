package io.prescale.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Decisions of adapters that serve pulled state ({@link ScalingAdapter#servesPulledState}: KEDA's
 * external scaler) shared by every replica: the owner's applied decision is published to the
 * members topic (key {@code desired\0<adapter>\0<target id>}, compacted: the latest per target),
 * and every other replica applies it to its own instance of the adapter, so whichever replica the
 * platform reaches serves every function's count.
 */
final class PulledState {
  private static final Logger LOG = Logger.getLogger(PulledState.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String KEY_PREFIX = "desired\u0000";

  private final String topic;
  private final String replica;
  private final Producer<byte[], byte[]> producer;
  private volatile Function<String, ScalingAdapter> adapters;

  PulledState(String topic, String replica, Producer<byte[], byte[]> producer) {
    this.topic = topic;
    this.replica = replica;
    this.producer = producer;
  }

  /** How this replica finds (and creates) an adapter by name: its adapter registry. */
  void adapters(Function<String, ScalingAdapter> resolver) {
    this.adapters = resolver;
  }

  static boolean isKey(byte[] key) {
    return key != null && new String(key, StandardCharsets.UTF_8).startsWith(KEY_PREFIX);
  }

  /** Publishes a decision the owner applied. */
  void publish(String adapter, Target target, DesiredState desired) {
    ObjectNode n = JSON.createObjectNode();
    n.put("replica", replica);
    n.put("adapter", adapter);
    ObjectNode t = n.putObject("target");
    target.values().forEach(t::put);
    n.put("function", desired.function().value());
    n.put("instances", desired.instances());
    n.put("previous", desired.previous());
    String key = KEY_PREFIX + adapter + "\u0000" + target.id();
    try {
      producer.send(
          new ProducerRecord<>(
              topic, 0, key.getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(n)));
    } catch (Exception e) {
      LOG.warning("cannot share the " + adapter + " decision of " + desired.function() + ": " + e);
    }
  }

  /** Applies another replica's published decision to this replica's adapter. */
  void receive(byte[] value) {
    Function<String, ScalingAdapter> resolve = adapters;
    if (value == null || resolve == null) {
      return;
    }
    try {
      JsonNode n = JSON.readTree(value);
      if (replica.equals(n.path("replica").asText())) {
        return; // applied here already
      }
      String name = n.path("adapter").asText();
      Map<String, String> values = new HashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.path("target").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        values.put(e.getKey(), e.getValue().asText());
      }
      ScalingAdapter a = resolve.apply(name);
      if (!a.servesPulledState()) {
        return; // never replay a decision on an adapter that calls the platform
      }
      DesiredState d =
          new DesiredState(
              FunctionKey.of(n.path("function").asText()),
              n.path("instances").asInt(),
              n.path("previous").asInt(-1),
              null);
      ScalingAdapter target = a instanceof FencedAdapter f ? f.delegate() : a;
      target.apply(Target.of(name, values), d);
    } catch (Exception e) {
      LOG.warning("ignored a shared adapter decision: " + e);
    }
  }
}
