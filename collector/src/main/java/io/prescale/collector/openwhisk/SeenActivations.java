package io.prescale.collector.openwhisk;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one namespace's polls have taken: the cursor (the latest {@code start} of an activation
 * taken) and the ids of activations taken whose {@code start} is recent enough that a later poll
 * (which asks from the cursor less the lookback) can list them again. At most {@code capacity} ids,
 * the oldest taken forgotten first and counted. Not thread-safe: one poller owns it.
 */
final class SeenActivations {
  private final int capacity;
  private final LinkedHashMap<String, Long> ids = new LinkedHashMap<>();
  private long cursorMillis;
  private long forgotten;

  SeenActivations(int capacity) {
    this.capacity = capacity;
  }

  /** The latest start taken, epoch milliseconds; 0 before the first. */
  long cursorMillis() {
    return cursorMillis;
  }

  /** Moves the cursor forward (never back). */
  void advance(long startMillis) {
    cursorMillis = Math.max(cursorMillis, startMillis);
  }

  /** True the first time {@code id} is offered (and remembers it); false for a repeat. */
  boolean firstTime(String id, long startMillis) {
    if (ids.containsKey(id)) {
      return false;
    }
    ids.put(id, startMillis);
    if (ids.size() > capacity) {
      Iterator<String> it = ids.keySet().iterator();
      it.next();
      it.remove();
      forgotten++;
    }
    return true;
  }

  /** Forgets ids that started before {@code startMillis}: no poll asks for them again. */
  void forgetBefore(long startMillis) {
    ids.values().removeIf(s -> s < startMillis);
  }

  int size() {
    return ids.size();
  }

  /** Ids forgotten because more than the capacity were recent. */
  long forgotten() {
    return forgotten;
  }

  Map<String, Long> ids() {
    return ids;
  }

  void restore(long cursor, Map<String, Long> restored) {
    cursorMillis = Math.max(0, cursor);
    ids.clear();
    restored.forEach(this::firstTime);
  }
}
