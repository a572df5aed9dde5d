package io.prescale.collector.window;

import io.prescale.core.FunctionKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every tracked function's {@link FunctionWindows}, bounded. At most {@link
 * StoreConfig#maxFunctions()} functions are tracked: past it, {@link #getOrCreate} refuses new
 * functions (returns null) and counts them in {@link #rejectedFunctions()}; the caller reports them
 * as rejected (OTLP partial success), never silently. Functions idle for {@link
 * StoreConfig#idleTimeout()} are evicted by {@link #maintain}. A few resource attributes are kept
 * per function as labels for policy matching.
 *
 * <p>Thread-safe: one ingest thread creates functions and writes windows while API, metrics and
 * autoscaler threads read (the map is concurrent, each {@link FunctionWindows} locks itself).
 */
public final class FunctionStore implements WindowTargets {
  /** Label values longer than this are cut (a label is for matching, not for storing payloads). */
  public static final int MAX_LABEL_LENGTH = 256;

  private final StoreConfig config;
  private final WindowConfig windowConfig;
  private final ConcurrentHashMap<FunctionKey, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final AtomicLong created = new AtomicLong();

  private static final class Entry {
    final FunctionWindows windows;
    volatile Map<String, String> labels;
    volatile long lastTouchedNanos;

    Entry(FunctionWindows windows, Map<String, String> labels, long now) {
      this.windows = windows;
      this.labels = labels;
      this.lastTouchedNanos = now;
    }
  }

  public FunctionStore(StoreConfig config, WindowConfig windowConfig) {
    this.config = Objects.requireNonNull(config, "config");
    this.windowConfig = Objects.requireNonNull(windowConfig, "windowConfig");
  }

  /** A store with the default bounds and windows. */
  public static FunctionStore withDefaults() {
    return new FunctionStore(StoreConfig.defaults(), WindowConfig.defaults());
  }

  public StoreConfig config() {
    return config;
  }

  public WindowConfig windowConfig() {
    return windowConfig;
  }

  /**
   * The windows of {@code key}, created when new; {@code attributes} (resource attributes; may be
   * empty) give its labels. Returns null, and counts the refusal, when the store is full.
   */
  public FunctionWindows getOrCreate(
      FunctionKey key, Map<String, String> attributes, long nowNanos) {
    Entry e = entries.get(key);
    if (e != null) {
      e.lastTouchedNanos = nowNanos;
      if (!attributes.isEmpty()) {
        refreshLabels(e, attributes);
      }
      return e.windows;
    }
    synchronized (this) {
      e = entries.get(key);
      if (e == null) {
        if (entries.size() >= config.maxFunctions()) {
          rejected.incrementAndGet();
          return null;
        }
        e = new Entry(new FunctionWindows(key, windowConfig), pickLabels(attributes), nowNanos);
        entries.put(key, e);
        created.incrementAndGet();
      }
      return e.windows;
    }
  }

  /** {@link #getOrCreate(FunctionKey, Map, long)} without attributes (no labels). */
  public FunctionWindows getOrCreate(FunctionKey key, long nowNanos) {
    return getOrCreate(key, Map.of(), nowNanos);
  }

  /** The windows of {@code key}, or null when not tracked. */
  public FunctionWindows get(FunctionKey key) {
    Entry e = entries.get(key);
    return e == null ? null : e.windows;
  }

  /** Labels of {@code key} (the configured resource attributes it reported); empty when unknown. */
  public Map<String, String> labels(FunctionKey key) {
    Entry e = entries.get(key);
    return e == null ? Map.of() : e.labels;
  }

  /** Tracked functions, sorted by key. */
  public List<FunctionKey> functions() {
    List<FunctionKey> keys = new ArrayList<>(entries.keySet());
    Collections.sort(keys);
    return keys;
  }

  /**
   * Tracked functions, unordered: a snapshot for a full pass that needs no order (the autoscaler
   * tick).
   */
  public List<FunctionKey> keys() {
    return new ArrayList<>(entries.keySet());
  }

  /** Every tracked function's windows (a snapshot list, unordered). */
  public List<FunctionWindows> all() {
    List<FunctionWindows> all = new ArrayList<>(entries.size());
    for (Entry e : entries.values()) {
      all.add(e.windows);
    }
    return all;
  }

  public int size() {
    return entries.size();
  }

  /** New functions refused because the store was full. */
  public long rejectedFunctions() {
    return rejected.get();
  }

  /** Functions evicted as idle. */
  public long evictedFunctions() {
    return evicted.get();
  }

  /** Functions ever created. */
  public long createdFunctions() {
    return created.get();
  }

  /** Evicts functions idle for longer than the idle timeout; cheap (no window is locked). */
  public int evictIdle(long nowNanos) {
    long idleNanos = config.idleTimeout().toNanos();
    int removed = 0;
    for (Map.Entry<FunctionKey, Entry> me : entries.entrySet()) {
      if (me.getValue().lastTouchedNanos < nowNanos - idleNanos
          && entries.remove(me.getKey(), me.getValue())) {
        removed++;
      }
    }
    evicted.addAndGet(removed);
    return removed;
  }

  /** Evicts functions idle for longer than the idle timeout and trims the others' windows. */
  public int maintain(long nowNanos) {
    long idleNanos = config.idleTimeout().toNanos();
    int removed = 0;
    for (Map.Entry<FunctionKey, Entry> me : entries.entrySet()) {
      Entry e = me.getValue();
      if (e.lastTouchedNanos < nowNanos - idleNanos) {
        if (entries.remove(me.getKey(), e)) {
          removed++;
        }
      } else {
        e.windows.trim(nowNanos);
      }
    }
    evicted.addAndGet(removed);
    return removed;
  }

  @Override
  public WindowWriter writer(FunctionKey key, Map<String, String> attributes, long nowNanos) {
    return getOrCreate(key, attributes, nowNanos);
  }

  @Override
  public boolean tracks(FunctionKey key) {
    return entries.containsKey(key);
  }

  @Override
  public void maintain(long nowNanos, boolean trim) {
    if (trim) {
      maintain(nowNanos);
    } else {
      evictIdle(nowNanos);
    }
  }

  @Override
  public int maxFunctions() {
    return config.maxFunctions();
  }

  /**
   * Stops tracking {@code key} (in cluster mode, when its partition moved to another replica);
   * returns its windows, or null when it was not tracked. Not counted as an eviction.
   */
  public FunctionWindows remove(FunctionKey key) {
    Entry e = entries.remove(key);
    return e == null ? null : e.windows;
  }

  /** When {@code key} last received data (the ingest's epoch nanos), or {@link Long#MIN_VALUE}. */
  public long lastTouchedNanos(FunctionKey key) {
    Entry e = entries.get(key);
    return e == null ? Long.MIN_VALUE : e.lastTouchedNanos;
  }

  /**
   * Adds restored {@code windows} (a snapshot) under its key unless the key is tracked already or
   * the store is full; returns whether it was added. Labels are cut like reported ones.
   */
  public boolean restore(
      FunctionWindows windows, Map<String, String> labels, long lastTouchedNanos) {
    synchronized (this) {
      if (entries.size() >= config.maxFunctions() || entries.containsKey(windows.function())) {
        return false;
      }
      entries.put(windows.function(), new Entry(windows, pickLabels(labels), lastTouchedNanos));
      created.incrementAndGet();
      return true;
    }
  }

  private void refreshLabels(Entry e, Map<String, String> attributes) {
    Map<String, String> current = e.labels;
    for (String k : config.labelKeys()) {
      String v = attributes.get(k);
      if (v != null && v.length() <= MAX_LABEL_LENGTH && !v.equals(current.get(k))) {
        e.labels = pickLabels(attributes);
        return;
      }
    }
  }

  private Map<String, String> pickLabels(Map<String, String> attributes) {
    return config.pickLabels(attributes);
  }
}
