package io.prescale.collector.otlp;

import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcStatus;

/**
 * The length-prefixed framing of one unary gRPC request, checked as its bytes arrive (gRPC over
 * HTTP/2: a compressed flag byte, a 4-byte big-endian length, the message). It keeps the one frame
 * it accepts, so that it is handed on whole at END_STREAM, and answers a {@link Refusal} for:
 *
 * <ul>
 *   <li>a compressed flag without a negotiated {@code grpc-encoding} (absent or {@code identity}),
 *       or a flag other than 0 and 1: INTERNAL, as the gRPC spec says;
 *   <li>a length over {@code maxMessageBytes}: RESOURCE_EXHAUSTED, before any of it is buffered;
 *   <li>a second message (a unary call takes one): INTERNAL;
 *   <li>at the end of the stream, no message or a truncated one: INTERNAL.
 * </ul>
 *
 * Not thread-safe: one request's event loop.
 */
final class GrpcFrameCheck {
  private static final int PREFIX = 5;

  /** Why the request is refused: the status, the metric reason and the grpc-message. */
  record Refusal(GrpcStatus status, OtlpMetrics.Reason reason, String message) {}

  private final boolean encodingNegotiated;
  private final int maxMessageBytes;
  private final byte[] prefix = new byte[PREFIX];
  private int prefixBytes;
  private long declared;
  private long remaining;
  private boolean inPayload;
  private int messages;
  private Buffer frame;

  /**
   * @param grpcEncoding the request's {@code grpc-encoding} header, or null
   * @param maxMessageBytes the largest message accepted, compressed or not
   */
  GrpcFrameCheck(String grpcEncoding, int maxMessageBytes) {
    this.encodingNegotiated =
        grpcEncoding != null && !grpcEncoding.isEmpty() && !grpcEncoding.equals("identity");
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Takes the next bytes of the stream; null while the framing is fine. */
  Refusal feed(Buffer chunk) {
    int pos = 0;
    int length = chunk.length();
    while (pos < length) {
      if (!inPayload) {
        int n = Math.min(PREFIX - prefixBytes, length - pos);
        chunk.getBytes(pos, pos + n, prefix, prefixBytes);
        prefixBytes += n;
        pos += n;
        if (prefixBytes < PREFIX) {
          break;
        }
        Refusal r = startMessage();
        if (r != null) {
          return r;
        }
      } else {
        int n = (int) Math.min(remaining, length - pos);
        frame.appendBuffer(chunk, pos, n);
        remaining -= n;
        pos += n;
      }
      if (inPayload && remaining == 0) {
        inPayload = false;
        prefixBytes = 0;
      }
    }
    return null;
  }

  /** The stream ended: null when exactly one whole message came, else why not. */
  Refusal end() {
    if (prefixBytes > 0 && !inPayload) {
      return internal(
          "truncated gRPC message: the stream ended after "
              + prefixBytes
              + " of the "
              + PREFIX
              + " bytes of the message prefix");
    }
    if (inPayload) {
      return internal(
          "truncated gRPC message: the length prefix says "
              + declared
              + " bytes, the stream ended after "
              + (declared - remaining));
    }
    if (messages == 0) {
      return internal("no request message: the stream ended before one (a unary call takes one)");
    }
    return null;
  }

  /** The one frame (prefix and message) once {@link #end()} answered null. */
  Buffer frame() {
    return frame;
  }

  private Refusal startMessage() {
    messages++;
    if (messages > 1) {
      return internal(
          "a unary call takes one request message; a second one starts at byte " + frame.length());
    }
    int flag = prefix[0] & 0xFF;
    if (flag > 1) {
      return internal("gRPC compressed flag = " + flag + ", must be 0 or 1");
    }
    if (flag == 1 && !encodingNegotiated) {
      return internal(
          "the message is flagged compressed but the request negotiated no grpc-encoding"
              + " (send grpc-encoding: gzip, or clear the flag)");
    }
    declared =
        ((prefix[1] & 0xFFL) << 24)
            | ((prefix[2] & 0xFFL) << 16)
            | ((prefix[3] & 0xFFL) << 8)
            | (prefix[4] & 0xFFL);
    if (declared > maxMessageBytes) {
      return new Refusal(
          GrpcStatus.RESOURCE_EXHAUSTED,
          OtlpMetrics.Reason.TOO_LARGE,
          "message of "
              + declared
              + " bytes is larger than max-grpc-message-size = "
              + maxMessageBytes
              + " bytes");
    }
    remaining = declared;
    inPayload = true;
    // grown as bytes come: a prefix alone does not reserve the whole message
    frame = Buffer.buffer((int) Math.min(PREFIX + declared, 1 << 16)).appendBytes(prefix);
    return null;
  }

  private static Refusal internal(String message) {
    return new Refusal(GrpcStatus.INTERNAL, OtlpMetrics.Reason.DECODE_ERROR, message);
  }
}
