package io.prescale.collector.otlp;

import com.google.protobuf.Message;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The body of one unary gRPC Export call through {@link GrpcFrameCheck}, cut into chunks as the
 * network might, then (when the framing is accepted) its message through {@link
 * OtlpGrpcHandlers#decode}. Input: one option byte (bit 0: the call negotiated {@code
 * grpc-encoding: gzip}; bits 1-2: the signal; the rest: how the stream is chunked), then the
 * stream. Properties: nothing throws; the refusal (or acceptance) is exactly what a plain reading
 * of the whole stream says (first message's flag, then its length against the limit, then
 * truncation or extra bytes); an accepted frame is the stream, byte for byte; the message decodes
 * or is refused as a client error.
 */
final class GrpcFramingFuzzTarget implements FuzzTarget {
  static final int MAX_MESSAGE = 4 << 20;

  @Override
  public String name() {
    return "grpc-framing";
  }

  @Override
  public List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    int option = 0;
    for (Signal s : Signal.values()) {
      for (Message m : OtlpSeeds.requests(s)) {
        byte[] payload = m.toByteArray();
        int sig = s.ordinal() << 1;
        seeds.add(input(sig | (option++ << 3), 0, payload));
        seeds.add(input(sig | 1 | (option++ << 3), 1, gzip(payload)));
      }
    }
    seeds.add(input(0, 0, new byte[0]));
    return seeds;
  }

  private static byte[] input(int options, int flag, byte[] payload) {
    byte[] in = new byte[6 + payload.length];
    in[0] = (byte) options;
    in[1] = (byte) flag;
    in[2] = (byte) (payload.length >>> 24);
    in[3] = (byte) (payload.length >>> 16);
    in[4] = (byte) (payload.length >>> 8);
    in[5] = (byte) payload.length;
    System.arraycopy(payload, 0, in, 6, payload.length);
    return in;
  }

  private static byte[] gzip(byte[] b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    Random r = m.random();
    if (input.length >= 6 && r.nextInt(3) == 0) {
      byte[] out = input.clone();
      switch (r.nextInt(4)) {
        case 0 -> out[0] = (byte) r.nextInt(256);
        case 1 -> out[1] = (byte) (r.nextBoolean() ? r.nextInt(3) : r.nextInt(256));
        case 2 -> {
          long len =
              ((out[2] & 0xFFL) << 24)
                  | ((out[3] & 0xFFL) << 16)
                  | ((out[4] & 0xFFL) << 8)
                  | (out[5] & 0xFFL);
          long[] choices = {
            len + 1, len - 1, 0, MAX_MESSAGE, MAX_MESSAGE + 1L, 0xFFFFFFFFL, 0x80000000L, len + 5
          };
          long v = choices[r.nextInt(choices.length)];
          out[2] = (byte) (v >>> 24);
          out[3] = (byte) (v >>> 16);
          out[4] = (byte) (v >>> 8);
          out[5] = (byte) v;
        }
        default ->
            out =
                Arrays.copyOf(
                    out, out.length + 1 + r.nextInt(16)); // trailing bytes: a second prefix
      }
      return out;
    }
    return m.anyBytes(input);
  }

  @Override
  public String check(byte[] input) {
    int options = input.length == 0 ? 0 : input[0] & 0xFF;
    byte[] stream = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    boolean negotiated = (options & 1) != 0;
    Signal signal = Signal.values()[Math.min(2, (options >>> 1) & 3)];
    GrpcFrameCheck check = new GrpcFrameCheck(negotiated ? "gzip" : null, MAX_MESSAGE);
    Random chunks = new Random(options * 31L + stream.length);
    GrpcFrameCheck.Refusal refusal = null;
    int maxChunk = 1 << (options >>> 3 & 15);
    for (int pos = 0; pos < stream.length && refusal == null; ) {
      int n = Math.min(stream.length - pos, 1 + chunks.nextInt(maxChunk));
      refusal = check.feed(Buffer.buffer(Arrays.copyOfRange(stream, pos, pos + n)));
      pos += n;
    }
    if (refusal == null) {
      refusal = check.end();
    }
    GrpcStatus expected = expected(stream, negotiated);
    GrpcStatus got = refusal == null ? GrpcStatus.OK : refusal.status();
    if (got != expected) {
      throw new AssertionError(
          "gRPC framing answered "
              + got
              + (refusal == null ? "" : " (" + refusal.message() + ")")
              + ", a plain reading of the "
              + stream.length
              + "-byte stream says "
              + expected);
    }
    if (refusal != null) {
      if (refusal.message() == null || refusal.message().isEmpty() || refusal.reason() == null) {
        throw new AssertionError("refusal without message or reason: " + refusal);
      }
      return "refused-" + got.name();
    }
    Buffer frame = check.frame();
    if (!Arrays.equals(frame.getBytes(), stream)) {
      throw new AssertionError("accepted frame differs from the stream");
    }
    String encoding = stream[0] == 1 ? "gzip" : "identity";
    try {
      OtlpGrpcHandlers.Decoded d =
          OtlpGrpcHandlers.decode(
              signal, GrpcMessage.message(encoding, frame.slice(5, frame.length())), MAX_MESSAGE);
      signal.countItems(d.request());
      return "decoded";
    } catch (MalformedRequestException e) {
      return "invalid-argument";
    } catch (BodyCollector.TooLargeException e) {
      return "resource-exhausted";
    }
  }

  /** What the whole stream deserves, read plainly. */
  static GrpcStatus expected(byte[] s, boolean negotiated) {
    if (s.length < 5) {
      return GrpcStatus.INTERNAL;
    }
    int flag = s[0] & 0xFF;
    if (flag > 1 || (flag == 1 && !negotiated)) {
      return GrpcStatus.INTERNAL;
    }
    long declared =
        ((s[1] & 0xFFL) << 24) | ((s[2] & 0xFFL) << 16) | ((s[3] & 0xFFL) << 8) | (s[4] & 0xFFL);
    if (declared > MAX_MESSAGE) {
      return GrpcStatus.RESOURCE_EXHAUSTED;
    }
    return s.length == 5 + declared ? GrpcStatus.OK : GrpcStatus.INTERNAL;
  }

  @Override
  public long allocationBound(int length) {
    return (16L << 20) + 64L * length;
  }
}
