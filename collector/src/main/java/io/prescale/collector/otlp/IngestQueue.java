package io.prescale.collector.otlp;

import com.google.protobuf.Message;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.core.time.TimeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decoded requests waiting for the ONE ingest thread that calls the {@link TelemetrySink} (the sink
 * is never called concurrently). Bounded: when full, {@link #offer} refuses and the transport
 * throttles the client (503 / UNAVAILABLE with Retry-After).
 */
public final class IngestQueue implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IngestQueue.class.getName());
  private static final Task POISON = new Task(null, null, 0, 0, 0, null);

  /** At most one line per 10 s for unexpected failures while ingesting. */
  static final long INTERNAL_ERROR_LOG_PERIOD_NANOS = 10_000_000_000L;

  private final TelemetrySink sink;
  private final ThrottledLog internalErrors;
  private final int capacity;
  private final long maxBytes;
  private final AtomicLong queuedBytes = new AtomicLong();
  private final BlockingQueue<Task> queue;
  private final Thread thread;
  private volatile boolean closed;

  private record Task(
      Signal signal,
      Message request,
      long items,
      long bytes,
      long receivedNanos,
      Consumer<IngestResult> done) {}

  public IngestQueue(TelemetrySink sink, int capacity) {
    this(sink, capacity, Long.MAX_VALUE);
  }

  /**
   * @param capacity requests that may wait
   * @param maxBytes body bytes that may wait (decoded requests take a few times more heap); one
   *     request is always let in, however large, when nothing waits
   */
  public IngestQueue(TelemetrySink sink, int capacity, long maxBytes) {
    this(sink, capacity, maxBytes, TimeSource.system());
  }

  /**
   * @param time paces the internal-error log ({@link #internalErrors()})
   */
  public IngestQueue(TelemetrySink sink, int capacity, long maxBytes, TimeSource time) {
    this.internalErrors =
        new ThrottledLog(LOG, Level.WARNING, INTERNAL_ERROR_LOG_PERIOD_NANOS, time);
    this.sink = Objects.requireNonNull(sink, "sink");
    if (capacity < 1) {
      throw new IllegalArgumentException("ingest-queue-capacity = " + capacity + ", must be >= 1");
    }
    this.capacity = capacity;
    if (maxBytes < 1) {
      throw new IllegalArgumentException("ingest-queue-bytes = " + maxBytes + ", must be >= 1");
    }
    this.maxBytes = maxBytes;
    this.queue = new ArrayBlockingQueue<>(capacity + 1); // + 1 keeps room for the stop marker
    this.thread = new Thread(this::loop, "prescale-ingest");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Requests waiting, not counting the one being ingested. */
  public int depth() {
    return queue.size();
  }

  public int capacity() {
    return capacity;
  }

  /** Body bytes of the waiting requests. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /**
   * Queues a request; {@code done} later runs on the ingest thread with the sink's answer. Returns
   * false, without queueing, when the queue is full or closed.
   */
  boolean offer(
      Signal signal,
      Message request,
      long items,
      long bytes,
      long receivedNanos,
      Consumer<IngestResult> done) {
    if (closed || queue.size() >= capacity) {
      return false;
    }
    long after = queuedBytes.addAndGet(bytes);
    if (after > maxBytes && after != bytes) {
      queuedBytes.addAndGet(-bytes);
      return false;
    }
    if (!queue.offer(new Task(signal, request, items, bytes, receivedNanos, done))) {
      queuedBytes.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  private void loop() {
    try {
      while (true) {
        Task t = queue.take();
        if (t == POISON) {
          break;
        }
        run(t);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Task> rest = new ArrayList<>();
    queue.drainTo(rest);
    for (Task t : rest) {
      if (t != POISON) {
        run(t);
      }
    }
  }

  private void run(Task t) {
    queuedBytes.addAndGet(-t.bytes);
    IngestResult result;
    try {
      result = t.signal.ingest(sink, t.request, t.receivedNanos);
    } catch (RuntimeException e) {
      // a bug, but a client can repeat its trigger at will: one counted line, no stack trace
      internalErrors.log(
          "internal error while ingesting a "
              + t.signal.label()
              + " request of "
              + t.items
              + " items, all refused: "
              + e
              + " at "
              + firstFrame(e));
      result = new IngestResult(0, t.items, "internal error while ingesting: " + e);
    }
    CompletionStage<Void> durable = sink.durable();
    if (durable == null) {
      answer(t, result);
      return;
    }
    IngestResult taken = result;
    durable.whenComplete(
        (v, e) ->
            answer(
                t,
                e == null
                    ? taken
                    : IngestResult.unavailable(t.items, "not stored, retry: " + rootMessage(e))));
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  private static void answer(Task t, IngestResult result) {
    try {
      t.done.accept(result);
    } catch (RuntimeException e) {
      // the client is usually gone (connection closed): one line, no stack trace
      LOG.log(Level.WARNING, "answering an ingested request failed: " + e);
    }
  }

  /** Unexpected failures in the ingest path (counted, logged at most once per 10 s). */
  ThrottledLog internalErrors() {
    return internalErrors;
  }

  /**
   * Unexpected failures while ingesting since start (a bug: {@code
   * prescale_ingest_internal_errors_total}).
   */
  public long internalErrorCount() {
    return internalErrors.total();
  }

  private static String firstFrame(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length == 0 ? "(no stack)" : trace[0].toString();
  }

  /** Stops taking requests, ingests what is queued, and waits up to 10 s for the thread. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!thread.isAlive()) {
      return;
    }
    try {
      queue.put(POISON);
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
