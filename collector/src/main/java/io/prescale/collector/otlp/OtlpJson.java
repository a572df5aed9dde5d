package io.prescale.collector.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * OTLP/JSON, which differs from the standard protobuf JSON mapping: trace and span ids are hex, not
 * base64 (OTLP.md trap 2), and unknown fields must be ignored. Ids are rewritten to base64 in one
 * streaming pass, then {@link JsonFormat} (integer enums, 64-bit ints as strings or numbers) does
 * the rest.
 */
final class OtlpJson {
  private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId");
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpJson() {}

  /** Decodes an OTLP/JSON request; throws {@link MalformedRequestException} on bad input. */
  static Message parse(Signal signal, byte[] body, int length) {
    String rewritten = rewriteIds(body, length);
    Message.Builder builder = signal.newRequestBuilder();
    try {
      PARSER.merge(rewritten, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new MalformedRequestException(
          "invalid OTLP/JSON " + signal.label() + " request: " + e.getMessage());
    }
    return builder.build();
  }

  /** Prints a response message in OTLP/JSON. */
  static byte[] print(Message message) {
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(
          "cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** Copies the JSON document, turning hex id strings into base64. */
  static String rewriteIds(byte[] body, int length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + (length >> 4) + 16);
    try (JsonParser p = FACTORY.createParser(body, 0, length);
        JsonGenerator g = FACTORY.createGenerator(out)) {
      boolean idValue = false;
      int roots = 0;
      int depth = 0;
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (depth == 0 && ++roots > 1) {
          throw new MalformedRequestException("invalid OTLP/JSON: more than one top-level value");
        }
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
          depth++;
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          depth--;
        }
        if (t == JsonToken.FIELD_NAME) {
          idValue = ID_FIELDS.contains(p.currentName());
          g.writeFieldName(p.currentName());
          continue;
        }
        if (idValue && t == JsonToken.VALUE_STRING) {
          g.writeString(hexToBase64(p.currentName(), p.getText()));
        } else {
          g.copyCurrentEvent(p);
        }
        idValue = false;
      }
      if (roots == 0) {
        throw new MalformedRequestException("invalid OTLP/JSON: empty body");
      }
    } catch (IOException e) {
      throw new MalformedRequestException("invalid JSON: " + firstLine(e.getMessage()));
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static String hexToBase64(String field, String hex) {
    int n = hex.length();
    if ((n & 1) != 0) {
      throw new MalformedRequestException(
          field + " = '" + hex + "' is not hex: odd number of digits");
    }
    byte[] bytes = new byte[n / 2];
    for (int i = 0; i < n; i += 2) {
      int hi = Character.digit(hex.charAt(i), 16);
      int lo = Character.digit(hex.charAt(i + 1), 16);
      if (hi < 0 || lo < 0) {
        throw new MalformedRequestException(field + " = '" + hex + "' is not hex");
      }
      bytes[i / 2] = (byte) ((hi << 4) | lo);
    }
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
