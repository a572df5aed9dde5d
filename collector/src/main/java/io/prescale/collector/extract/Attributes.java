package io.prescale.collector.extract;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reading OTLP attribute lists without building maps on the hot path. */
final class Attributes {
  private Attributes() {}

  static AnyValue find(List<KeyValue> attrs, String key) {
    for (int i = 0, n = attrs.size(); i < n; i++) {
      KeyValue kv = attrs.get(i);
      if (kv.getKey().equals(key)) {
        return kv.getValue();
      }
    }
    return null;
  }

  /** String form of a scalar attribute, or null when absent, empty or not a scalar. */
  static String string(List<KeyValue> attrs, String key) {
    AnyValue v = find(attrs, key);
    return v == null ? null : asString(v);
  }

  static String asString(AnyValue v) {
    switch (v.getValueCase()) {
      case STRING_VALUE:
        String s = v.getStringValue();
        return s.isEmpty() ? null : s;
      case INT_VALUE:
        return Long.toString(v.getIntValue());
      case BOOL_VALUE:
        return Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE:
        return Double.toString(v.getDoubleValue());
      default:
        return null;
    }
  }

  /** Boolean attribute (also "true" strings); null when absent. */
  static Boolean bool(List<KeyValue> attrs, String key) {
    AnyValue v = find(attrs, key);
    if (v == null) {
      return null;
    }
    switch (v.getValueCase()) {
      case BOOL_VALUE:
        return v.getBoolValue();
      case STRING_VALUE:
        return "true".equalsIgnoreCase(v.getStringValue());
      case INT_VALUE:
        return v.getIntValue() != 0;
      default:
        return null;
    }
  }

  /**
   * Integer attribute (also numeric strings and doubles); {@code fallback} when absent or not a
   * number.
   */
  static long integer(List<KeyValue> attrs, String key, long fallback) {
    AnyValue v = find(attrs, key);
    if (v == null) {
      return fallback;
    }
    switch (v.getValueCase()) {
      case INT_VALUE:
        return v.getIntValue();
      case DOUBLE_VALUE:
        return (long) v.getDoubleValue();
      case STRING_VALUE:
        try {
          return Long.parseLong(v.getStringValue().trim());
        } catch (NumberFormatException e) {
          return fallback;
        }
      default:
        return fallback;
    }
  }

  /** Scalar attributes as a map (resource attributes, once per resource). */
  static Map<String, String> toMap(List<KeyValue> attrs) {
    Map<String, String> m = new HashMap<>(attrs.size() * 2);
    for (KeyValue kv : attrs) {
      String s = asString(kv.getValue());
      if (s != null) {
        m.put(kv.getKey(), s);
      }
    }
    return m;
  }

  /** A stable text form of an attribute list (sorted by key), for stream identity. */
  static String canonical(List<KeyValue> attrs) {
    if (attrs.isEmpty()) {
      return "";
    }
    String[] parts = new String[attrs.size()];
    for (int i = 0; i < parts.length; i++) {
      KeyValue kv = attrs.get(i);
      String s = asString(kv.getValue());
      parts[i] = kv.getKey() + '=' + (s == null ? kv.getValue().toString() : s);
    }
    Arrays.sort(parts);
    return String.join("\u0001", parts);
  }
}
