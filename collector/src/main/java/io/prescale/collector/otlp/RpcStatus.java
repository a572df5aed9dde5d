package io.prescale.collector.otlp;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code google.rpc.Status} (code, message, details), encoded by hand so the collector needs no
 * extra proto dependency: OTLP error bodies and the gRPC {@code grpc-status-details-bin} trailer.
 */
final class RpcStatus {
  static final int INVALID_ARGUMENT = 3;
  static final int NOT_FOUND = 5;
  static final int RESOURCE_EXHAUSTED = 8;
  static final int UNIMPLEMENTED = 12;
  static final int INTERNAL = 13;
  static final int UNAVAILABLE = 14;

  private static final String RETRY_INFO_TYPE = "type.googleapis.com/google.rpc.RetryInfo";

  private RpcStatus() {}

  /** Binary google.rpc.Status. */
  static byte[] protobuf(int code, String message) {
    return protobuf(code, message, null);
  }

  /** Binary google.rpc.Status with a RetryInfo detail when {@code retryAfterSeconds} is set. */
  static byte[] protobuf(int code, String message, Integer retryAfterSeconds) {
    try {
      ByteString detail = null;
      if (retryAfterSeconds != null) {
        Duration delay = Duration.newBuilder().setSeconds(retryAfterSeconds).build();
        byte[] retryInfo = new byte[CodedOutputStream.computeMessageSize(1, delay)];
        CodedOutputStream ri = CodedOutputStream.newInstance(retryInfo);
        ri.writeMessage(1, delay);
        ri.checkNoSpaceLeft();
        detail =
            Any.newBuilder()
                .setTypeUrl(RETRY_INFO_TYPE)
                .setValue(ByteString.copyFrom(retryInfo))
                .build()
                .toByteString();
      }
      int size = 0;
      if (code != 0) {
        size += CodedOutputStream.computeInt32Size(1, code);
      }
      if (!message.isEmpty()) {
        size += CodedOutputStream.computeStringSize(2, message);
      }
      if (detail != null) {
        size += CodedOutputStream.computeBytesSize(3, detail);
      }
      byte[] out = new byte[size];
      CodedOutputStream cos = CodedOutputStream.newInstance(out);
      if (code != 0) {
        cos.writeInt32(1, code);
      }
      if (!message.isEmpty()) {
        cos.writeString(2, message);
      }
      if (detail != null) {
        cos.writeBytes(3, detail);
      }
      cos.checkNoSpaceLeft();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** google.rpc.Status in the protobuf JSON mapping: {@code {"code":3,"message":"..."}}. */
  static byte[] json(int code, String message) {
    char[] escaped = JsonStringEncoder.getInstance().quoteAsString(message);
    return ("{\"code\":" + code + ",\"message\":\"" + new String(escaped) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
