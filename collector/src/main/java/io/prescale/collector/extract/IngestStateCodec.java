package io.prescale.collector.extract;

import io.prescale.core.FunctionKey;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The collector's ingest state in a snapshot ({@link CollectorSink#snapshotState()}): the
 * cumulative-metric baselines of {@link CumulativeTracker} and the span/metric choice of
 * {@link SourceArbiter}, so that the first cumulative point after a restart counts the increase
 * since the last point before it.
 *
 * <p>Layout (big-endian): streams (int), each: key (UTF), kind (1 sum, 2 histogram), start (long),
 * then value (double) for a sum or count (long), sum (double), buckets (int) and their counts
 * (longs) for a histogram; least recently updated first. Then span times (int; key UTF, long),
 * functions with faas counts (int; key UTF), with faas durations (int; key UTF). Every count is
 * checked against the sink's own bounds before anything is allocated. Streams the format cannot
 * hold (a key over {@value #MAX_STREAM_CHARS} characters, more than {@value #MAX_BUCKETS} buckets,
 * a non-finite value) are left out: they restart from a baseline, as before.
 */
final class IngestStateCodec {
  static final int MAX_STREAM_CHARS = 16_384; // writeUTF: at most 3 bytes a char, under 64 KiB
  static final int MAX_BUCKETS = 4096;
  private static final int SUM = 1;
  private static final int HISTOGRAM = 2;

  private IngestStateCodec() {}

  /** Encodes the state, at most {@code maxFunctions} of each function set; the caller holds the sink's lock. */
  static byte[] encode(CumulativeTracker tracker, SourceArbiter arbiter, int maxFunctions) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      int[] n = new int[1];
      tracker.forEach(new CumulativeTracker.Visitor() {
        @Override
        public void sum(String stream, long start, double value) {
          n[0] += keep(stream) && Double.isFinite(value) ? 1 : 0;
        }

        @Override
        public void histogram(String stream, long start, long count, double sum, long[] buckets) {
          n[0] += keep(stream, count, sum, buckets) ? 1 : 0;
        }
      });
      out.writeInt(n[0]);
      tracker.forEach(new CumulativeTracker.Visitor() {
        @Override
        public void sum(String stream, long start, double value) {
          if (keep(stream) && Double.isFinite(value)) {
            write(() -> {
              out.writeUTF(stream);
              out.writeByte(SUM);
              out.writeLong(start);
              out.writeDouble(value);
            });
          }
        }

        @Override
        public void histogram(String stream, long start, long count, double sum, long[] buckets) {
          if (keep(stream, count, sum, buckets)) {
            write(() -> {
              out.writeUTF(stream);
              out.writeByte(HISTOGRAM);
              out.writeLong(start);
              out.writeLong(count);
              out.writeDouble(sum);
              out.writeInt(buckets.length);
              for (long b : buckets) {
                out.writeLong(b);
              }
            });
          }
        }
      });
      Map<FunctionKey, Long> spans = arbiter.lastSpans();
      int left = Math.min(spans.size(), maxFunctions);
      out.writeInt(left);
      for (Map.Entry<FunctionKey, Long> e : spans.entrySet()) {
        if (left-- == 0) {
          break;
        }
        out.writeUTF(e.getKey().value());
        out.writeLong(e.getValue());
      }
      writeKeys(out, arbiter.faasCounts(), maxFunctions);
      writeKeys(out, arbiter.faasDurations(), maxFunctions);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * Decodes a section; {@code maxStreams} and {@code maxFunctions} bound its counts. Returns what
   * puts the state into {@code tracker} and {@code arbiter} (the caller holds the sink's lock).
   */
  static Decoded decode(DataInputStream in, int maxStreams, int maxFunctions) throws IOException {
    Decoded d = new Decoded();
    int streams = count(in, "cumulative streams", maxStreams);
    for (int i = 0; i < streams; i++) {
      String stream = in.readUTF();
      if (stream.length() > MAX_STREAM_CHARS) {
        throw new IOException("stream #" + (i + 1) + " key length = " + stream.length() + ", must be in [0; "
            + MAX_STREAM_CHARS + "]");
      }
      int kind = in.readUnsignedByte();
      if (kind != SUM && kind != HISTOGRAM) {
        throw new IOException("kind of stream #" + (i + 1) + " = " + kind + ", must be 1 (sum) or 2 (histogram)");
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

  private interface Io {
    void run() throws IOException;
  }

  private static void write(Io io) {
    try {
      io.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  private static void writeKeys(DataOutputStream out, Collection<FunctionKey> keys, int max) throws IOException {
    int left = Math.min(keys.size(), max);
    out.writeInt(left);
    for (FunctionKey k : keys) {
      if (left-- == 0) {
        break;
      }
      out.writeUTF(k.value());
    }
  }

  private static FunctionKey key(DataInputStream in) throws IOException {
    String s = in.readUTF();
    try {
      return FunctionKey.of(s);
    } catch (IllegalArgumentException e) {
      throw new IOException("function key: " + e.getMessage());
    }
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
