package io.prescale.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The settings one part of a policy gives explicitly (the defaults section, a rule, a schedule),
 * with where each was written. Anything absent is inherited from the layer below.
 *
 * @param source how {@code explain} names this layer: {@code defaults}, {@code rule checkout},
 *     {@code schedule 1 of rule checkout}
 * @param path key path of the layer in the file, e.g. {@code policies[0]}
 * @param values explicit values
 * @param positions where each explicit value was written
 */
record Layer(
    String source, String path, Map<Setting, Object> values, Map<Setting, YamlNode.Pos> positions) {

  Layer {
    values = Collections.unmodifiableMap(copy(values));
    positions = Collections.unmodifiableMap(copy(positions));
  }

  private static <V> EnumMap<Setting, V> copy(Map<Setting, V> m) {
    EnumMap<Setting, V> c = new EnumMap<>(Setting.class);
    c.putAll(m);
    return c;
  }

  static Layer empty(String source, String path) {
    return new Layer(source, path, new EnumMap<>(Setting.class), new EnumMap<>(Setting.class));
  }

  /** Key path of {@code s} in this layer, e.g. {@code policies[0].window.stable}. */
  String pathOf(Setting s) {
    return path.isEmpty() ? s.path : path + "." + s.path;
  }
}
