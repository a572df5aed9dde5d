package io.prescale.cluster;

import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes one request made to one function, recorded in order as the extractors made them (this
 * is the ingest replica's {@link WindowWriter}), then encoded by {@link BatchCodec} and replayed by
 * the owner onto the function's windows with {@link #applyTo}. Each write answers true: only the
 * owner knows whether it was late, and counts it there.
 */
final class WriteBatch implements WindowWriter {
  static final byte INVOCATION = 1;
  static final byte COUNTS = 2;
  static final byte CONCURRENCY = 3;
  static final byte INFLIGHT = 4;
  static final byte DURATIONS = 5;
  static final byte INIT_DURATIONS = 6;
  static final byte INSTANCE = 7;
  static final byte PLATFORM_INSTANCES = 8;

  /** One write; the meaning of {@code a..e}, {@code x} and {@code flag} depends on {@code type}. */
  record Op(byte type, long a, long b, long c, long d, long e, double x, int flags, String text) {}

  private final FunctionKey function;
  private final WindowConfig config;
  private final long receivedNanos;
  private final Map<String, String> labels;
  private final List<Op> ops = new ArrayList<>();
  private final Map<String, Integer> texts = new HashMap<>();
  private int estimatedBytes = 16;

  WriteBatch(
      FunctionKey function, WindowConfig config, long receivedNanos, Map<String, String> labels) {
    this.function = function;
    this.config = config;
    this.receivedNanos = receivedNanos;
    this.labels = labels;
    for (Map.Entry<String, String> l : labels.entrySet()) {
      estimatedBytes += l.getKey().length() + l.getValue().length() + 2;
    }
  }

  @Override
  public FunctionKey function() {
    return function;
  }

  @Override
  public WindowConfig config() {
    return config;
  }

  long receivedNanos() {
    return receivedNanos;
  }

  Map<String, String> labels() {
    return labels;
  }

  List<Op> ops() {
    return ops;
  }

  boolean isEmpty() {
    return ops.isEmpty();
  }

  /** A generous estimate of the encoded size, to split before a record grows too large. */
  int estimatedBytes() {
    return estimatedBytes;
  }

  void add(Op op) {
    ops.add(op);
    estimatedBytes += 40;
    if (op.text != null && texts.putIfAbsent(op.text, texts.size()) == null) {
      estimatedBytes += op.text.length() * 3 + 2;
    }
  }

  /** Replays every write, in order, onto {@code w} (the owner's windows of this function). */
  void applyTo(WindowWriter w) {
    for (Op o : ops) {
      switch (o.type) {
        case INVOCATION ->
            w.recordInvocation(
                new Invocation(
                    function,
                    o.a,
                    o.a + o.b,
                    (o.flags & 1) != 0,
                    Trigger.values()[(int) o.c],
                    (o.flags & 2) != 0,
                    o.text,
                    o.d));
        case COUNTS -> w.recordCounts(o.a, o.b, o.c, o.d, o.e);
        case CONCURRENCY -> w.recordConcurrency(o.a, o.x);
        case INFLIGHT -> w.recordInflight(o.a, o.b, o.x);
        case DURATIONS -> w.recordDurations(o.x, o.b, o.a);
        case INIT_DURATIONS -> w.recordInitDurations(o.x, o.b, o.a);
        case INSTANCE -> w.recordInstance(o.text, o.a, o.flags != 0);
        case PLATFORM_INSTANCES -> w.recordPlatformInstances(o.b, o.a);
        default -> throw new IllegalStateException("op type " + o.type);
      }
    }
  }

  @Override
  public boolean recordInvocation(Invocation i) {
    int flags = (i.coldStart() ? 1 : 0) | (i.error() ? 2 : 0);
    add(
        new Op(
            INVOCATION,
            i.startNanos(),
            i.durationNanos(),
            i.trigger().ordinal(),
            i.memoryBytes(),
            0,
            0,
            flags,
            i.instance()));
    return true;
  }

  @Override
  public boolean recordCounts(
      long timeNanos, long invocations, long errors, long coldStarts, long timeouts) {
    add(new Op(COUNTS, timeNanos, invocations, errors, coldStarts, timeouts, 0, 0, null));
    return true;
  }

  @Override
  public boolean recordConcurrency(long epochSecond, double meanInFlight) {
    add(new Op(CONCURRENCY, epochSecond, 0, 0, 0, 0, meanInFlight, 0, null));
    return true;
  }

  @Override
  public boolean recordInflight(long fromNanos, long toNanos, double inflightSeconds) {
    add(new Op(INFLIGHT, fromNanos, toNanos, 0, 0, 0, inflightSeconds, 0, null));
    return true;
  }

  @Override
  public void recordDurations(double seconds, long count, long atNanos) {
    add(new Op(DURATIONS, atNanos, count, 0, 0, 0, seconds, 0, null));
  }

  @Override
  public void recordInitDurations(double seconds, long count, long atNanos) {
    add(new Op(INIT_DURATIONS, atNanos, count, 0, 0, 0, seconds, 0, null));
  }

  @Override
  public boolean recordInstance(String instance, long atNanos, boolean coldStartIfNew) {
    add(new Op(INSTANCE, atNanos, 0, 0, 0, 0, 0, coldStartIfNew ? 1 : 0, instance));
    return true;
  }

  @Override
  public void recordPlatformInstances(long count, long atNanos) {
    add(new Op(PLATFORM_INSTANCES, atNanos, count, 0, 0, 0, 0, 0, null));
  }
}
