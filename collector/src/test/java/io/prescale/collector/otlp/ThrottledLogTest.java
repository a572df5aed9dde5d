package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A failure a client can repeat is one counted line per period, never a stack trace. */
class ThrottledLogTest {
  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));

  @Test
  void oneLinePerPeriodWithTheCountOfTheOthers() {
    Logger logger = Logger.getLogger("test.throttled");
    logger.setUseParentHandlers(false);
    try (SevereRecords lines = new SevereRecords(Level.WARNING)) {
      logger.addHandler(lines);
      ThrottledLog log = new ThrottledLog(logger, Level.WARNING, 10_000_000_000L, time);
      for (int i = 0; i < 5; i++) {
        log.log("failure " + i);
        time.advance(Duration.ofSeconds(1));
      }
      time.advance(Duration.ofSeconds(6));
      log.log("failure 5");
      logger.removeHandler(lines);
      List<String> messages = lines.records().stream().map(LogRecord::getMessage).toList();
      assertEquals(
          List.of("failure 0", "failure 5 (4 more since the previous line, not logged)"), messages);
      assertEquals(6, log.total());
    }
  }

  @Test
  void aThrowingSinkLogsOneLineWithoutStackTraceAndCounts() {
    RecordingSink sink = new RecordingSink();
    sink.answerTraces(
        r -> {
          throw new IllegalArgumentException(
              "The input value is outside the range that is tracked by the sketch");
        });
    IngestQueue q = new IngestQueue(sink, 10, Long.MAX_VALUE, time);
    List<IngestResult> results = new CopyOnWriteArrayList<>();
    List<LogRecord> logged;
    try (SevereRecords records = new SevereRecords(Level.WARNING)) {
      q.start();
      for (int i = 0; i < 3; i++) {
        q.offer(
            Signal.TRACES, ExportTraceServiceRequest.getDefaultInstance(), 2, 10, 0, results::add);
      }
      q.close();
      logged =
          records.records().stream()
              .filter(r -> r.getLoggerName().equals(IngestQueue.class.getName()))
              .toList();
    }
    assertEquals(3, results.size());
    assertEquals(3, q.internalErrorCount());
    assertEquals(1, logged.size(), "three failures within 10 s: one line");
    assertNull(logged.get(0).getThrown(), "no stack trace");
    assertTrue(
        logged.get(0).getMessage().contains("outside the range"), logged.get(0).getMessage());
  }
}
