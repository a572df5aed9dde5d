package io.prescale.collector.extract;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.prescale.core.FunctionKey;
import java.util.List;
import java.util.Map;

/**
 * Builds function keys from attributes as {@link IdentityConfig} says: span (or data point)
 * attributes first, then resource attributes. Returns null when no usable name is present.
 */
final class FunctionIdentity {
  private final IdentityConfig config;

  FunctionIdentity(IdentityConfig config) {
    this.config = config;
  }

  /** The key from the resource alone (null when the item's own attributes may change it). */
  FunctionKey resolve(List<KeyValue> itemAttrs, Map<String, String> resource) {
    String name = null;
    for (String k : config.nameKeys()) {
      name = usable(Attributes.string(itemAttrs, k));
      if (name == null) {
        name = usable(resource.get(k));
      }
      if (name != null) {
        break;
      }
    }
    if (name == null) {
      return null;
    }
    String prefix = null;
    for (String k : config.prefixKeys()) {
      prefix = Attributes.string(itemAttrs, k);
      if (prefix == null) {
        prefix = resource.get(k);
      }
      if (prefix != null && !prefix.isBlank()) {
        break;
      }
      prefix = null;
    }
    String key = prefix == null ? name : prefix + "/" + name;
    if (key.length() > FunctionKey.MAX_LENGTH) {
      return null;
    }
    return new FunctionKey(key);
  }

  /** Whether any identity attribute can appear on items (then resolution is per item). */
  boolean itemMayOverride(List<KeyValue> itemAttrs) {
    for (int i = 0, n = itemAttrs.size(); i < n; i++) {
      String k = itemAttrs.get(i).getKey();
      if (config.nameKeys().contains(k) || config.prefixKeys().contains(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Trimmed first: trim() also drops control characters that isBlank() keeps ("\u0001" is not
   * blank).
   */
  private static String usable(String name) {
    if (name == null) {
      return null;
    }
    String t = name.trim();
    return t.isBlank() || t.startsWith("unknown_service") ? null : t;
  }
}
