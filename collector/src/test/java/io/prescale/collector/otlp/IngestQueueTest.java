package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.ingest.IngestResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class IngestQueueTest {
  private final ExportTraceServiceRequest req = Requests.spans("q", 2);

  @Test
  void boundedByCountAndBytes() {
    IngestQueue q = new IngestQueue(new RecordingSink(), 3, 100);
    assertTrue(
        q.offer(Signal.TRACES, req, 2, 150, 0, r -> {}), "one request always fits, however large");
    assertFalse(q.offer(Signal.TRACES, req, 2, 1, 0, r -> {}), "over the byte budget");
    q = new IngestQueue(new RecordingSink(), 3, 100);
    assertTrue(q.offer(Signal.TRACES, req, 2, 60, 0, r -> {}));
    assertFalse(q.offer(Signal.TRACES, req, 2, 50, 0, r -> {}));
    assertTrue(q.offer(Signal.TRACES, req, 2, 40, 0, r -> {}));
    assertEquals(100, q.queuedBytes());
    assertTrue(q.offer(Signal.TRACES, req, 2, 0, 0, r -> {}));
    assertFalse(q.offer(Signal.TRACES, req, 2, 0, 0, r -> {}), "over the count");
    assertEquals(3, q.depth());
  }

  @Test
  void closeIngestsWhatIsQueuedThenRefuses() {
    RecordingSink sink = new RecordingSink();
    sink.hold();
    IngestQueue q = new IngestQueue(sink, 10);
    List<IngestResult> results = new CopyOnWriteArrayList<>();
    q.start();
    for (int i = 0; i < 5; i++) {
      assertTrue(q.offer(Signal.TRACES, req, 2, 10, 0, results::add));
    }
    sink.release();
    q.close();
    assertEquals(5, results.size());
    assertEquals(10, sink.spans().size());
    assertEquals(0, q.queuedBytes());
    assertFalse(q.offer(Signal.TRACES, req, 2, 10, 0, results::add), "closed");
  }

  @Test
  void aThrowingSinkRejectsTheItemsInsteadOfKillingTheThread() {
    RecordingSink sink = new RecordingSink();
    sink.answerTraces(
        r -> {
          throw new IllegalStateException("boom");
        });
    IngestQueue q = new IngestQueue(sink, 10);
    List<IngestResult> results = new CopyOnWriteArrayList<>();
    q.start();
    assertTrue(q.offer(Signal.TRACES, req, 2, 10, 0, results::add));
    assertTrue(q.offer(Signal.TRACES, req, 2, 10, 0, results::add));
    q.close();
    assertEquals(2, results.size(), "the thread survived the first failure");
    for (IngestResult r : results) {
      assertEquals(2, r.rejected());
      assertTrue(r.message().startsWith("internal error while ingesting"), r.message());
    }
  }
}
