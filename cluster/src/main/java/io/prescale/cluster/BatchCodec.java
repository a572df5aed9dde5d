package io.prescale.cluster;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of a record on the invocations topic: one {@link WriteBatch} (the writes one request
 * made to one function). Key: the function key in UTF-8. Value, format 1: the magic byte {@code
 * 'P'}, the format byte {@code 1}, then protobuf varints (zigzag for signed): the received time
 * (epoch nanos), the labels (count, then key and value strings), a string table of the instance ids
 * (count, strings), the writes (count, then per write its type byte and fields; times relative to
 * the received time). An invocation costs about 8 bytes plus its instance id once per batch.
 *
 * <p>Decoding checks every count and length against what is left and the window bounds, and returns
 * a batch only when all of it is valid (a bad record changes no window).
 */
final class BatchCodec {
  static final byte MAGIC = 'P';
  static final byte FORMAT = 1;
  static final int MAX_LABELS = 32;
  static final int MAX_TEXT_CHARS = 4096;
  private static final long MAX_SPAN_NANOS = (long) (FunctionWindows.MAX_DURATION_SECONDS * 1e9);
  private static final Trigger[] TRIGGERS = Trigger.values();

  private BatchCodec() {}

  static byte[] key(FunctionKey key) {
    return key.value().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encode(WriteBatch batch) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.estimatedBytes());
    bytes.write(MAGIC);
    bytes.write(FORMAT);
    CodedOutputStream out = CodedOutputStream.newInstance(bytes, 4096);
    long base = batch.receivedNanos();
    try {
      out.writeUInt64NoTag(base);
      Map<String, String> labels = batch.labels();
      int n = Math.min(MAX_LABELS, labels.size());
      out.writeUInt32NoTag(n);
      for (Map.Entry<String, String> l : labels.entrySet()) {
        if (n-- == 0) {
          break;
        }
        out.writeStringNoTag(l.getKey());
        out.writeStringNoTag(l.getValue());
      }
      Map<String, Integer> table = new LinkedHashMap<>();
      for (WriteBatch.Op o : batch.ops()) {
        if (o.text() != null) {
          table.putIfAbsent(o.text(), table.size());
        }
      }
      out.writeUInt32NoTag(table.size());
      for (String s : table.keySet()) {
        out.writeStringNoTag(s);
      }
      out.writeUInt32NoTag(batch.ops().size());
      for (WriteBatch.Op o : batch.ops()) {
        out.writeRawByte(o.type());
        switch (o.type()) {
          case WriteBatch.INVOCATION -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeUInt64NoTag(o.b());
            out.writeUInt32NoTag(o.flags());
            out.writeUInt32NoTag((int) o.c());
            out.writeUInt32NoTag(o.text() == null ? 0 : table.get(o.text()) + 1);
            out.writeUInt64NoTag(o.d());
          }
          case WriteBatch.COUNTS -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeUInt64NoTag(o.b());
            out.writeUInt64NoTag(o.c());
            out.writeUInt64NoTag(o.d());
            out.writeUInt64NoTag(o.e());
          }
          case WriteBatch.CONCURRENCY -> {
            out.writeSInt64NoTag(o.a() - base / 1_000_000_000L);
            out.writeDoubleNoTag(o.x());
          }
          case WriteBatch.INFLIGHT -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeSInt64NoTag(o.b() - base);
            out.writeDoubleNoTag(o.x());
          }
          case WriteBatch.DURATIONS, WriteBatch.INIT_DURATIONS -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeUInt64NoTag(o.b());
            out.writeDoubleNoTag(o.x());
          }
          case WriteBatch.INSTANCE -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeUInt32NoTag(table.get(o.text()));
            out.writeBoolNoTag(o.flags() != 0);
          }
          case WriteBatch.PLATFORM_INSTANCES -> {
            out.writeSInt64NoTag(o.a() - base);
            out.writeUInt64NoTag(o.b());
          }
          default -> throw new IllegalStateException("op type " + o.type());
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /**
   * The batch in {@code value} for the function in {@code key}; throws {@link BadRecord} naming
   * what is wrong and where.
   */
  static WriteBatch decode(byte[] key, byte[] value, WindowConfig config, int maxBytes)
      throws BadRecord {
    if (value == null || key == null) {
      throw bad("a record without " + (key == null ? "a key" : "a value"));
    }
    if (value.length > maxBytes) {
      throw new BadRecord(
          BadRecord.Reason.OVERSIZED,
          "record of " + value.length + " bytes, the limit is " + maxBytes);
    }
    if (value.length < 2 || value[0] != MAGIC) {
      throw bad("no Prescale batch: the first byte is not 'P'");
    }
    if (value[1] != FORMAT) {
      throw new BadRecord(
          BadRecord.Reason.UNKNOWN_VERSION,
          "batch format " + (value[1] & 0xff) + ", this build reads format " + FORMAT);
    }
    FunctionKey function;
    try {
      function = FunctionKey.of(new String(key, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw bad("record key: " + e.getMessage());
    }
    CodedInputStream in = CodedInputStream.newInstance(value, 2, value.length - 2);
    try {
      long base = in.readUInt64();
      int labelCount = count(in, "labels", MAX_LABELS);
      Map<String, String> labels = new HashMap<>(labelCount * 2);
      for (int i = 0; i < labelCount; i++) {
        labels.put(
            text(in, "label key", FunctionStore.MAX_LABEL_LENGTH),
            text(in, "label value", FunctionStore.MAX_LABEL_LENGTH));
      }
      int textCount = count(in, "instance ids", value.length);
      List<String> texts = new ArrayList<>(Math.min(textCount, 1024));
      for (int i = 0; i < textCount; i++) {
        texts.add(text(in, "instance id", MAX_TEXT_CHARS));
      }
      int opCount = count(in, "writes", value.length);
      WriteBatch batch = new WriteBatch(function, config, base, labels);
      for (int i = 0; i < opCount; i++) {
        byte type = in.readRawByte();
        switch (type) {
          case WriteBatch.INVOCATION -> {
            long start = base + in.readSInt64();
            long duration = in.readUInt64();
            int flags = in.readUInt32();
            int trigger = in.readUInt32();
            int instance = in.readUInt32();
            long memory = in.readUInt64();
            check(duration >= 0 && duration <= MAX_SPAN_NANOS, "invocation duration", duration);
            check(start > 0 && start + duration > 0, "invocation start", start);
            check(trigger >= 0 && trigger < TRIGGERS.length, "invocation trigger", trigger);
            check(instance >= 0 && instance <= texts.size(), "instance index", instance);
            check(memory >= 0, "invocation memory", memory);
            check(flags >= 0 && flags <= 3, "invocation flags", flags);
            batch.recordInvocation(
                new Invocation(
                    function,
                    start,
                    start + duration,
                    (flags & 1) != 0,
                    TRIGGERS[trigger],
                    (flags & 2) != 0,
                    instance == 0 ? null : texts.get(instance - 1),
                    memory));
          }
          case WriteBatch.COUNTS -> {
            long at = base + in.readSInt64();
            long a = nonNegative(in, "invocations");
            long b = nonNegative(in, "errors");
            long c = nonNegative(in, "cold starts");
            long d = nonNegative(in, "timeouts");
            batch.recordCounts(at, a, b, c, d);
          }
          case WriteBatch.CONCURRENCY -> {
            long second = base / 1_000_000_000L + in.readSInt64();
            batch.recordConcurrency(second, finite(in.readDouble(), "concurrency"));
          }
          case WriteBatch.INFLIGHT -> {
            long from = base + in.readSInt64();
            long to = base + in.readSInt64();
            batch.recordInflight(from, to, finite(in.readDouble(), "in-flight seconds"));
          }
          case WriteBatch.DURATIONS, WriteBatch.INIT_DURATIONS -> {
            long at = base + in.readSInt64();
            long count = nonNegative(in, "duration count");
            double seconds = finite(in.readDouble(), "duration");
            if (type == WriteBatch.DURATIONS) {
              batch.recordDurations(seconds, count, at);
            } else {
              batch.recordInitDurations(seconds, count, at);
            }
          }
          case WriteBatch.INSTANCE -> {
            long at = base + in.readSInt64();
            int index = in.readUInt32();
            check(index >= 0 && index < texts.size(), "instance index", index);
            batch.recordInstance(texts.get(index), at, in.readBool());
          }
          case WriteBatch.PLATFORM_INSTANCES -> {
            long at = base + in.readSInt64();
            batch.recordPlatformInstances(nonNegative(in, "platform instances"), at);
          }
          default -> throw bad("write " + i + " has unknown type " + type);
        }
      }
      if (!in.isAtEnd()) {
        throw bad((value.length - 2 - in.getTotalBytesRead()) + " bytes after the last write");
      }
      return batch;
    } catch (IOException e) {
      throw bad(
          "truncated or malformed at byte " + (2 + in.getTotalBytesRead()) + ": " + e.getMessage());
    }
  }

  private static int count(CodedInputStream in, String what, int max)
      throws IOException, BadRecord {
    int n = in.readUInt32();
    if (n < 0 || n > max) {
      throw bad(what + " count = " + Integer.toUnsignedString(n) + ", must be in [0; " + max + "]");
    }
    return n;
  }

  private static String text(CodedInputStream in, String what, int maxChars)
      throws IOException, BadRecord {
    String s = in.readStringRequireUtf8();
    if (s.length() > maxChars) {
      throw bad(what + " of " + s.length() + " chars, must be at most " + maxChars);
    }
    return s;
  }

  private static long nonNegative(CodedInputStream in, String what) throws IOException, BadRecord {
    long v = in.readUInt64();
    check(v >= 0, what, v);
    return v;
  }

  private static double finite(double v, String what) throws BadRecord {
    if (!Double.isFinite(v) || v < 0) {
      throw bad(what + " = " + v + ", must be finite and >= 0");
    }
    return v;
  }

  private static void check(boolean ok, String what, long value) throws BadRecord {
    if (!ok) {
      throw bad(what + " = " + value + " is out of range");
    }
  }

  private static BadRecord bad(String message) {
    return new BadRecord(BadRecord.Reason.UNDECODABLE, message);
  }
}
