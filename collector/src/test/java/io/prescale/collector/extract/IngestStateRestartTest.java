package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.histogram;
import static io.prescale.collector.extract.Otlp.hpoint;
import static io.prescale.collector.extract.Otlp.metrics;
import static io.prescale.collector.extract.Otlp.point;
import static io.prescale.collector.extract.Otlp.resource;
import static io.prescale.collector.extract.Otlp.span;
import static io.prescale.collector.extract.Otlp.sum;
import static io.prescale.collector.extract.Otlp.traces;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.prescale.collector.snapshot.SnapshotExtension;
import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.snapshot.proto.CumulativeHistogram;
import io.prescale.collector.snapshot.proto.CumulativeStream;
import io.prescale.collector.snapshot.proto.CumulativeSum;
import io.prescale.collector.snapshot.proto.IngestState;
import io.prescale.collector.snapshot.proto.SpanTime;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector's ingest state saved with the windows and restored into a fresh sink (a restart).
 */
class IngestStateRestartTest {
  static final long S = 1_000_000_000L;
  static final long START = 1_800_000_000L * S; // first collector start
  static final long STREAM_START = START + S; // began while the first collector listened
  static final long RESTART = START + 300 * S; // the second collector starts here
  static final Resource RES = resource("faas.name", "f", "faas.instance", "i-1");
  static final FunctionKey F = FunctionKey.of("f");

  @TempDir Path dir;

  private Path file() {
    return dir.resolve(WindowsSnapshot.FILE_NAME);
  }

  /** A store and sink that saw 10 then 25 of a cumulative counter, snapshotted. */
  private void firstRun(long... values) throws IOException {
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink =
        new CollectorSink(store, new ManualTimeSource(Instant.ofEpochSecond(0, START)));
    long t = START + 10 * S;
    for (long v : values) {
      sink.acceptMetrics(
          metrics(RES, sum("faas.invocations", true, true, point(STREAM_START, t, v))), t);
      t += 10 * S;
    }
    WindowsSnapshot.write(store, file(), t, sink.snapshotState());
  }

  private static CollectorSink secondSink(FunctionStore store) {
    return new CollectorSink(store, new ManualTimeSource(Instant.ofEpochSecond(0, RESTART)));
  }

  private static void feed(CollectorSink sink, long start, long time, double value) {
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(start, time, value))), time);
  }

  @Test
  void theIntervalAcrossARestartIsCounted() throws IOException {
    firstRun(10, 25);
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink = secondSink(store);
    WindowsSnapshot.Restored r =
        WindowsSnapshot.restore(store, file(), RESTART / 1_000_000, sink.snapshotState());
    assertNull(r.problem());
    assertEquals(1, r.functions());
    assertEquals(25, store.get(F).invocationsTotal());
    feed(sink, STREAM_START, RESTART + 10 * S, 40);
    assertEquals(40, store.get(F).invocationsTotal()); // 10 + 15 + 15: nothing lost
  }

  @Test
  void withoutTheIngestStateTheFirstPointOnlySetsABaseline()
      throws IOException { // the loss this fixes
    firstRun(10, 25);
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink = secondSink(store);
    assertNull(
        WindowsSnapshot.restore(store, file(), RESTART / 1_000_000).problem()); // section skipped
    feed(sink, STREAM_START, RESTART + 10 * S, 40);
    assertEquals(25, store.get(F).invocationsTotal());
  }

  @Test
  void aResetAfterTheRestartCountsInFull() throws IOException {
    firstRun(10, 25);
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink = secondSink(store);
    WindowsSnapshot.restore(store, file(), RESTART / 1_000_000, sink.snapshotState());
    feed(sink, RESTART - 5 * S, RESTART + 10 * S, 3); // the process restarted too: new start time
    assertEquals(28, store.get(F).invocationsTotal());
    feed(sink, RESTART - 5 * S, RESTART + 20 * S, 2); // lower value, same start: a reset as well
    assertEquals(30, store.get(F).invocationsTotal());
  }

  @Test
  void cumulativeHistogramsContinueAcrossARestart() throws IOException {
    FunctionStore first = FunctionStore.withDefaults();
    CollectorSink a =
        new CollectorSink(first, new ManualTimeSource(Instant.ofEpochSecond(0, START)));
    long t = START + 10 * S;
    a.acceptMetrics(
        metrics(
            RES,
            histogram(
                "faas.invoke_duration",
                "s",
                true,
                hpoint(STREAM_START, t, List.of(0.1, 1.0), List.of(2L, 1L, 0L), 0.5))),
        t);
    WindowsSnapshot.write(first, file(), t, a.snapshotState());
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink b = secondSink(store);
    WindowsSnapshot.restore(store, file(), RESTART / 1_000_000, b.snapshotState());
    long later = RESTART + 10 * S;
    b.acceptMetrics(
        metrics(
            RES,
            histogram(
                "faas.invoke_duration",
                "s",
                true,
                hpoint(STREAM_START, later, List.of(0.1, 1.0), List.of(5L, 3L, 1L), 4.0))),
        later);
    assertEquals(9, store.get(F).durationHistogram().count()); // 3 before, 6 across the restart
  }

  @Test
  void spansStillWinAfterARestart() throws IOException {
    FunctionStore first = FunctionStore.withDefaults();
    CollectorSink a =
        new CollectorSink(first, new ManualTimeSource(Instant.ofEpochSecond(0, START)));
    long t = RESTART - 60 * S;
    a.acceptTraces(traces(RES, span(SpanKind.SPAN_KIND_SERVER, t - 2 * S, t - S)), t);
    WindowsSnapshot.write(first, file(), t, a.snapshotState());
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink b = secondSink(store);
    WindowsSnapshot.restore(store, file(), RESTART / 1_000_000, b.snapshotState());
    long later = RESTART + 10 * S; // within spansWin (10 min) of the last span
    b.acceptMetrics(
        metrics(RES, sum("faas.invocations", false, true, point(later - 10 * S, later, 4))), later);
    assertEquals(1, store.get(F).invocationsTotal());
    assertEquals(1, b.supersededDataPoints());
  }

  @Test
  void stateRoundTripsThroughTheCodec() throws IOException {
    CumulativeTracker tracker = new CumulativeTracker(START, 100);
    SourceArbiter arbiter = new SourceArbiter(600 * S);
    tracker.sumDelta("s1", STREAM_START, 12.5);
    tracker.histogramDelta("h1", STREAM_START, 7, 3.25, List.of(3L, 4L));
    tracker.sumDelta("s2", 0, 4);
    arbiter.spanSeen(F, START + 5 * S);
    arbiter.faasCountsSeen(FunctionKey.of("g"));
    arbiter.faasDurationsSeen(FunctionKey.of("h"));
    byte[] bytes = IngestStateCodec.encode(tracker, arbiter, 100);

    CumulativeTracker t2 = new CumulativeTracker(RESTART, 100);
    SourceArbiter a2 = new SourceArbiter(600 * S);
    IngestStateCodec.decode(new ByteArrayInputStream(bytes), 100, 100).applyTo(t2, a2);
    assertEquals(describe(tracker), describe(t2));
    assertEquals(
        List.of("s1", "h1", "s2"),
        List.of(describe(t2).split("\n")).stream().map(l -> l.split(" ")[0]).toList());
    assertEquals(START + 5 * S, a2.lastSpans().get(F));
    assertTrue(a2.hasFaasCounts(FunctionKey.of("g")));
    assertTrue(a2.hasFaasDurations(FunctionKey.of("h")));
    assertFalse(a2.hasFaasCounts(F));
    assertArrayEquals(
        bytes, IngestStateCodec.encode(t2, a2, 100)); // one entry a set: the order is fixed
    assertEquals(2.5, t2.sumDelta("s1", STREAM_START, 15), 1e-12); // a delta, not a baseline
  }

  private static String describe(CumulativeTracker t) {
    StringBuilder sb = new StringBuilder();
    t.forEach(
        new CumulativeTracker.Visitor() {
          @Override
          public void sum(String stream, long start, double value) {
            sb.append(stream).append(" sum ").append(start).append(' ').append(value).append('\n');
          }

          @Override
          public void histogram(String stream, long start, long count, double sum, long[] buckets) {
            sb.append(stream)
                .append(" hist ")
                .append(start)
                .append(' ')
                .append(count)
                .append(' ')
                .append(sum)
                .append(' ')
                .append(Arrays.toString(buckets))
                .append('\n');
          }
        });
    return sb.toString();
  }

  // ---- damaged or hostile sections: one problem, set aside, nothing restored, no crash ----

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  /**
   * A snapshot of one function whose ingest section is {@code body}, with valid length and
   * checksum.
   */
  private Path withSection(Body body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    body.write(out);
    out.flush();
    FunctionStore store = FunctionStore.withDefaults();
    store.getOrCreate(F, START);
    WindowsSnapshot.write(
        store,
        file(),
        START,
        new SnapshotExtension() {
          @Override
          public byte[] capture() {
            return bytes.toByteArray();
          }

          @Override
          public Runnable read(DataInputStream in) {
            throw new AssertionError("not used");
          }
        });
    return file();
  }

  private void assertRefused(String problem) {
    FunctionStore store = FunctionStore.withDefaults();
    CollectorSink sink = secondSink(store);
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, file(), 42, sink.snapshotState());
    assertNotNull(r.problem(), "refused");
    assertTrue(r.problem().contains(problem), r.problem());
    assertEquals(0, r.functions());
    assertNull(store.get(F));
    assertNotNull(r.setAside());
    assertTrue(Files.exists(r.setAside()));
    assertFalse(Files.exists(file()));
  }

  private static CumulativeStream.Builder stream(String key) {
    return CumulativeStream.newBuilder().setKey(key).setStart(STREAM_START);
  }

  @Test
  void moreStreamsThanTheSinkKeepsAreRefused() throws IOException {
    withSection(
        out -> {
          for (int i = 0; i <= 100_000; i++) {
            out.writeMessage(
                IngestState.STREAMS_FIELD_NUMBER,
                stream("s" + i).setSum(CumulativeSum.newBuilder().setValue(1)).build());
          }
        });
    assertRefused("ingest state: cumulative streams = 100001, must be in [0; 100000]");
  }

  @Test
  void tooManyBucketsAreRefused() throws IOException {
    CumulativeHistogram.Builder h = CumulativeHistogram.newBuilder().setCount(3).setSum(1);
    for (int i = 0; i <= IngestStateCodec.MAX_BUCKETS; i++) {
      h.addBuckets(0);
    }
    withSection(
        out ->
            out.writeMessage(
                IngestState.STREAMS_FIELD_NUMBER, stream("s").setHistogram(h).build()));
    assertRefused("buckets of stream #1 = 4097, must be in [0; 4096]");
  }

  @Test
  void noKindAndBadKeysAndNaNAreRefused() throws IOException {
    withSection(out -> out.writeMessage(IngestState.STREAMS_FIELD_NUMBER, stream("s").build()));
    assertRefused("kind of stream #1 = none");
    withSection(
        out ->
            out.writeMessage(
                IngestState.STREAMS_FIELD_NUMBER,
                stream("s").setSum(CumulativeSum.newBuilder().setValue(Double.NaN)).build()));
    assertRefused("value of stream #1 = NaN, must be finite");
    withSection(
        out ->
            out.writeMessage(
                IngestState.SPAN_TIMES_FIELD_NUMBER,
                SpanTime.newBuilder().setFunction(" ").setLastNanos(1).build()));
    assertRefused("ingest state: function key");
  }

  @Test
  void aShortOrMalformedSectionIsRefusedAndUnknownFieldsAreSkipped() throws IOException {
    withSection(
        out -> {
          out.writeTag(IngestState.STREAMS_FIELD_NUMBER, 2);
          out.writeUInt32NoTag(50); // one stream announced, a part of it there
          out.writeString(CumulativeStream.KEY_FIELD_NUMBER, "s");
        });
    assertRefused("truncated");
    withSection(out -> out.writeInt64(IngestState.STREAMS_FIELD_NUMBER, 5));
    assertRefused("ingest state: field 1 has wire type 0, must be 2");
    withSection(
        out -> {
          out.writeString(30, "a field of a newer build");
          out.writeMessage(
              IngestState.SPAN_TIMES_FIELD_NUMBER,
              SpanTime.newBuilder().setFunction("f").setLastNanos(9).build());
        });
    FunctionStore store = FunctionStore.withDefaults();
    assertNull(
        WindowsSnapshot.restore(store, file(), 42, secondSink(store).snapshotState()).problem());
  }

  // ---- the section of a format-4 snapshot (hand-coded), read by readFormat4 ----

  private interface Format4 {
    void write(DataOutputStream out) throws IOException;
  }

  private static void assertFormat4Refused(Format4 section, String problem) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    section.write(new DataOutputStream(bytes));
    SnapshotExtension ext = secondSink(FunctionStore.withDefaults()).snapshotState();
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                ext.readFormat4(
                    new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    assertTrue(
        String.valueOf(e.getMessage()).contains(problem)
            || (problem.equals("truncated") && e instanceof EOFException),
        e.toString());
  }

  @Test
  void aFormat4SectionRestoresTheSameState() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(2);
    out.writeUTF("s1");
    out.writeByte(1);
    out.writeLong(STREAM_START);
    out.writeDouble(12.5);
    out.writeUTF("h1");
    out.writeByte(2);
    out.writeLong(STREAM_START);
    out.writeLong(7);
    out.writeDouble(3.25);
    out.writeInt(2);
    out.writeLong(3);
    out.writeLong(4);
    out.writeInt(1);
    out.writeUTF("f");
    out.writeLong(START + 5 * S);
    out.writeInt(1);
    out.writeUTF("g");
    out.writeInt(1);
    out.writeUTF("h");
    CumulativeTracker t = new CumulativeTracker(RESTART, 100);
    SourceArbiter a = new SourceArbiter(600 * S);
    IngestStateCodec.decodeFormat4(
            new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 100, 100)
        .applyTo(t, a);
    assertEquals(
        "s1 sum " + STREAM_START + " 12.5\nh1 hist " + STREAM_START + " 7 3.25 [3, 4]\n",
        describe(t));
    assertEquals(START + 5 * S, a.lastSpans().get(F));
    assertTrue(a.hasFaasCounts(FunctionKey.of("g")));
    assertTrue(a.hasFaasDurations(FunctionKey.of("h")));
  }

  @Test
  void absurdCountsInAFormat4SectionAreRefusedBeforeAllocating() throws IOException {
    assertFormat4Refused(
        out -> out.writeInt(2_000_000_000),
        "cumulative streams = 2000000000, must be in [0; 100000]");
    assertFormat4Refused(
        out -> {
          out.writeInt(1);
          out.writeUTF("s");
          out.writeByte(2);
          out.writeLong(STREAM_START);
          out.writeLong(3);
          out.writeDouble(1);
          out.writeInt(Integer.MAX_VALUE);
        },
        "buckets of stream #1 = 2147483647, must be in [0; 4096]");
    assertFormat4Refused(
        out -> {
          out.writeInt(1);
          out.writeUTF("s");
          out.writeByte(7);
        },
        "kind of stream #1 = 7");
    assertFormat4Refused(
        out -> {
          out.writeInt(1);
          out.writeUTF("s");
          out.writeByte(1);
          out.writeLong(STREAM_START);
          out.writeDouble(Double.NaN);
        },
        "value of stream #1 = NaN, must be finite");
    assertFormat4Refused(
        out -> {
          out.writeInt(0);
          out.writeInt(1);
          out.writeUTF(" ");
          out.writeLong(1);
        },
        "function key");
    assertFormat4Refused(out -> out.writeInt(1), "truncated");
  }
}
