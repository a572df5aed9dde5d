package io.prescale.collector.extract;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.prescale.collector.snapshot.proto.CumulativeHistogram;
import io.prescale.collector.snapshot.proto.CumulativeStream;
import io.prescale.collector.snapshot.proto.CumulativeSum;
import io.prescale.collector.snapshot.proto.IngestState;
import io.prescale.collector.snapshot.proto.SpanTime;
import io.prescale.core.FunctionKey;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The collector's ingest state in a snapshot ({@link CollectorSink#snapshotState()}): the
 * cumulative-metric baselines of {@link CumulativeTracker} and the span/metric choice of {@link
 * SourceArbiter}, so that the first cumulative point after a restart counts the increase since the
 * last point before it.
 *
 * <p>Encoded as an {@link IngestState} message ({@code snapshot.proto}): streams least recently
 * updated first, then span times, functions with faas counts, with faas durations. Decoding reads
 * it entry by entry and checks every count against the sink's own bounds as it goes. Streams the
 * format does not hold (a key over {@value #MAX_STREAM_CHARS} characters, more than {@value
 * #MAX_BUCKETS} buckets, a non-finite value) are left out: they restart from a baseline, as before.
 * {@link #decodeFormat4} reads the section of a format-4 snapshot (hand-coded, big-endian: streams
 * (int), each key (UTF), kind (1 sum, 2 histogram), start (long), then value (double), or count
 * (long), sum (double), buckets (int) and their counts (longs); then span times (int; key UTF,
 * long), functions with faas counts (int; key UTF), with faas durations (int; key UTF)).
 */
final class IngestStateCodec {
  static final int MAX_STREAM_CHARS = 16_384;
  static final int MAX_BUCKETS = 4096;
  private static final int SUM = 1;
  private static final int HISTOGRAM = 2;

  private IngestStateCodec() {}

  /**
   * Encodes the state, at most {@code maxFunctions} of each function set; the caller holds the
   * sink's lock.
   */
  static byte[] encode(CumulativeTracker tracker, SourceArbiter arbiter, int maxFunctions) {
    IngestState.Builder b = IngestState.newBuilder();
    tracker.forEach(
        new CumulativeTracker.Visitor() {
          @Override
          public void sum(String stream, long start, double value) {
            if (keep(stream) && Double.isFinite(value)) {
              b.addStreams(
                  CumulativeStream.newBuilder()
                      .setKey(stream)
                      .setStart(start)
                      .setSum(CumulativeSum.newBuilder().setValue(value)));
            }
          }

          @Override
          public void histogram(String stream, long start, long count, double sum, long[] buckets) {
            if (keep(stream, count, sum, buckets)) {
              CumulativeHistogram.Builder h =
                  CumulativeHistogram.newBuilder().setCount(count).setSum(sum);
              for (long c : buckets) {
                h.addBuckets(c);
              }
              b.addStreams(
                  CumulativeStream.newBuilder().setKey(stream).setStart(start).setHistogram(h));
            }
          }
        });
    int left = maxFunctions;
    for (Map.Entry<FunctionKey, Long> e : arbiter.lastSpans().entrySet()) {
      if (left-- == 0) {
        break;
      }
      b.addSpanTimes(
          SpanTime.newBuilder().setFunction(e.getKey().value()).setLastNanos(e.getValue()));
    }
    left = maxFunctions;
    for (FunctionKey k : arbiter.faasCounts()) {
      if (left-- == 0) {
        break;
      }
      b.addFaasCounts(k.value());
    }
    left = maxFunctions;
    for (FunctionKey k : arbiter.faasDurations()) {
      if (left-- == 0) {
        break;
      }
      b.addFaasDurations(k.value());
    }
    return b.build().toByteArray();
  }

  /**
   * Decodes an {@link IngestState} section entry by entry; {@code maxStreams} and {@code
   * maxFunctions} bound its counts. Returns what puts the state into {@code tracker} and {@code
   * arbiter} (the caller holds the sink's lock).
   */
  static Decoded decode(InputStream section, int maxStreams, int maxFunctions) throws IOException {
    Decoded d = new Decoded();
    CodedInputStream in = CodedInputStream.newInstance(section);
    in.setSizeLimit(Integer.MAX_VALUE);
    int streams = 0;
    int spans = 0;
    int counts = 0;
    int durations = 0;
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        int field = WireFormat.getTagFieldNumber(tag);
        if (field < IngestState.STREAMS_FIELD_NUMBER
            || field > IngestState.FAAS_DURATIONS_FIELD_NUMBER) {
          in.skipField(tag); // a newer build's
          continue;
        }
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
          throw new IOException(
              "field "
                  + field
                  + " has wire type "
                  + WireFormat.getTagWireType(tag)
                  + ", must be "
                  + WireFormat.WIRETYPE_LENGTH_DELIMITED);
        }
        if (field == IngestState.STREAMS_FIELD_NUMBER) {
          check("cumulative streams", ++streams, maxStreams);
          stream(
              in.readMessage(CumulativeStream.parser(), ExtensionRegistryLite.getEmptyRegistry()),
              streams,
              d);
        } else if (field == IngestState.SPAN_TIMES_FIELD_NUMBER) {
          check("functions with span times", ++spans, maxFunctions);
          SpanTime t = in.readMessage(SpanTime.parser(), ExtensionRegistryLite.getEmptyRegistry());
          FunctionKey key = key(t.getFunction());
          long at = t.getLastNanos();
          d.restores.add((tr, a) -> a.restoreSpan(key, at));
        } else if (field == IngestState.FAAS_COUNTS_FIELD_NUMBER) {
          check("functions with faas counts", ++counts, maxFunctions);
          FunctionKey key = key(in.readString());
          d.restores.add((tr, a) -> a.faasCountsSeen(key));
        } else {
          check("functions with faas durations", ++durations, maxFunctions);
          FunctionKey key = key(in.readString());
          d.restores.add((tr, a) -> a.faasDurationsSeen(key));
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          (e.getMessage() != null && e.getMessage().contains("input ended unexpectedly")
                  ? "truncated: "
                  : "malformed: ")
              + e.getMessage(),
          e);
    }
    return d;
  }

  private static void stream(CumulativeStream s, int n, Decoded d) throws IOException {
    String stream = s.getKey();
    if (stream.length() > MAX_STREAM_CHARS) {
      throw new IOException(
          "stream #"
              + n
              + " key length = "
              + stream.length()
              + ", must be in [0; "
              + MAX_STREAM_CHARS
              + "]");
    }
    long start = s.getStart();
    if (s.hasSum()) {
      double value = finite(s.getSum().getValue(), "value of stream #" + n);
      d.restores.add((t, a) -> t.restoreSum(stream, start, value));
    } else if (s.hasHistogram()) {
      CumulativeHistogram h = s.getHistogram();
      long c = nonNegative(h.getCount(), "count of stream #" + n);
      double sum = finite(h.getSum(), "sum of stream #" + n);
      check("buckets of stream #" + n, h.getBucketsCount(), MAX_BUCKETS);
      long[] buckets = new long[h.getBucketsCount()];
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] = nonNegative(h.getBuckets(b), "bucket count of stream #" + n);
      }
      d.restores.add((t, a) -> t.restoreHistogram(stream, start, c, sum, buckets));
    } else {
      throw new IOException("kind of stream #" + n + " = none, must be sum or histogram");
    }
  }

  private static void check(String what, int n, int max) throws IOException {
    if (n > max) {
      throw new IOException(what + " = " + n + ", must be in [0; " + max + "]");
    }
  }

  private static FunctionKey key(String s) throws IOException {
    try {
      return FunctionKey.of(s);
    } catch (IllegalArgumentException e) {
      throw new IOException("function key: " + e.getMessage());
    }
  }

  /** Decodes the section of a format-4 snapshot, as {@link #decode} does a current one. */
  static Decoded decodeFormat4(DataInputStream in, int maxStreams, int maxFunctions)
      throws IOException {
    Decoded d = new Decoded();
    int streams = count(in, "cumulative streams", maxStreams);
    for (int i = 0; i < streams; i++) {
      String stream = in.readUTF();
      if (stream.length() > MAX_STREAM_CHARS) {
        throw new IOException(
            "stream #"
                + (i + 1)
                + " key length = "
                + stream.length()
                + ", must be in [0; "
                + MAX_STREAM_CHARS
                + "]");
      }
      int kind = in.readUnsignedByte();
      if (kind != SUM && kind != HISTOGRAM) {
        throw new IOException(
            "kind of stream #" + (i + 1) + " = " + kind + ", must be 1 (sum) or 2 (histogram)");
      }
      long start = in.readLong();
      if (kind == SUM) {
        double value = finite(in.readDouble(), "value of stream #" + (i + 1));
        d.restores.add((t, a) -> t.restoreSum(stream, start, value));
      } else {
        long c = nonNegative(in.readLong(), "count of stream #" + (i + 1));
        double sum = finite(in.readDouble(), "sum of stream #" + (i + 1));
        long[] buckets = new long[count(in, "buckets of stream #" + (i + 1), MAX_BUCKETS)];
        for (int b = 0; b < buckets.length; b++) {
          buckets[b] = nonNegative(in.readLong(), "bucket count of stream #" + (i + 1));
        }
        d.restores.add((t, a) -> t.restoreHistogram(stream, start, c, sum, buckets));
      }
    }
    int spans = count(in, "functions with span times", maxFunctions);
    for (int i = 0; i < spans; i++) {
      FunctionKey key = key(in);
      long at = in.readLong();
      d.restores.add((t, a) -> a.restoreSpan(key, at));
    }
    int counts = count(in, "functions with faas counts", maxFunctions);
    for (int i = 0; i < counts; i++) {
      FunctionKey key = key(in);
      d.restores.add((t, a) -> a.faasCountsSeen(key));
    }
    int durations = count(in, "functions with faas durations", maxFunctions);
    for (int i = 0; i < durations; i++) {
      FunctionKey key = key(in);
      d.restores.add((t, a) -> a.faasDurationsSeen(key));
    }
    return d;
  }

  /** A decoded section, applied in one go. */
  static final class Decoded {
    private final List<Restore> restores = new ArrayList<>();

    void applyTo(CumulativeTracker tracker, SourceArbiter arbiter) {
      for (Restore r : restores) {
        r.apply(tracker, arbiter);
      }
    }

    int size() {
      return restores.size();
    }
  }

  private interface Restore {
    void apply(CumulativeTracker tracker, SourceArbiter arbiter);
  }

  private static boolean keep(String stream) {
    return stream.length() <= MAX_STREAM_CHARS;
  }

  private static boolean keep(String stream, long count, double sum, long[] buckets) {
    if (!keep(stream) || count < 0 || !Double.isFinite(sum) || buckets.length > MAX_BUCKETS) {
      return false;
    }
    for (long b : buckets) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  private static FunctionKey key(DataInputStream in) throws IOException {
    return key(in.readUTF());
  }

  private static int count(DataInputStream in, String what, int max) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw new IOException(what + " = " + n + ", must be in [0; " + max + "]");
    }
    return n;
  }

  private static long nonNegative(long v, String what) throws IOException {
    if (v < 0) {
      throw new IOException(what + " = " + v + ", must be >= 0");
    }
    return v;
  }

  private static double finite(double v, String what) throws IOException {
    if (!Double.isFinite(v)) {
      throw new IOException(what + " = " + v + ", must be finite");
    }
    return v;
  }
}
