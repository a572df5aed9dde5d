package io.prescale.app.autoscale;

import com.fasterxml.jackson.core.JsonGenerator;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One decision as {@code GET /api/v1/decisions} writes it, with Jackson's streaming generator:
 *
 * <pre>
 * {"function", "at", "valid", "desiredInstances" (null when not valid: keep the current scale),
 *  "keepAliveSeconds" (when set), "decider", "reason", "signals": {name: number},
 *  "rule", "adapter", "readyInstances", "readySource"}</pre>
 *
 * Non-finite signals are written as null.
 */
final class DecisionJson {
  private DecisionJson() {}

  static void write(JsonGenerator g, ScaleDecision d, StoreObservations.Note note)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("function", d.function().value());
    g.writeStringField("at", d.at().toString());
    g.writeBooleanField("valid", d.valid());
    if (d.valid()) {
      g.writeNumberField("desiredInstances", d.desiredInstances());
    } else {
      g.writeNullField("desiredInstances");
    }
    if (d.keepAlive() != null) {
      g.writeNumberField("keepAliveSeconds", EpochNanos.seconds(d.keepAlive()));
    }
    g.writeStringField("decider", d.decider());
    g.writeStringField("reason", d.reason());
    g.writeObjectFieldStart("signals");
    for (Map.Entry<String, Double> e : new TreeMap<>(d.signals()).entrySet()) {
      Double v = e.getValue();
      if (v != null && Double.isFinite(v)) {
        g.writeNumberField(e.getKey(), v);
      } else {
        g.writeNullField(e.getKey());
      }
    }
    g.writeEndObject();
    if (note != null) {
      g.writeStringField("rule", note.rule());
      g.writeStringField("adapter", note.adapter());
      g.writeNumberField("readyInstances", note.readyInstances());
      g.writeStringField("readySource", note.readySource());
    }
    g.writeEndObject();
  }
}
