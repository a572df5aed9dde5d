package io.prescale.cluster;

import io.prescale.core.FunctionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Records of the compacted state topic, partitioned like the invocations topic (partition p holds
 * the checkpoints of the functions of invocations partition p). Two kinds, told apart by the key's
 * first byte:
 *
 * <ul>
 *   <li>{@code 'f' + function key}: the function's windows ({@link
 *       io.prescale.collector.snapshot.FunctionState}) as of invocations offset {@code next} (every
 *       record before it is in them); a null value (tombstone) when the function was evicted.
 *   <li>{@code 'm'}: the partition's marker: every function of the partition has a state record
 *       valid at offset {@code next} (written in the same transaction as the states that changed).
 * </ul>
 *
 * Value: {@code 'S'}, format {@code 1}, {@code next} (8 bytes), the windows encoding's fingerprint
 * (4 bytes), then the state (function records only).
 */
final class StateRecords {
  static final byte MAGIC = 'S';
  static final byte FORMAT = 1;
  static final byte[] MARKER_KEY = {'m'};
  private static final int HEADER = 2 + 8 + 4;

  private StateRecords() {}

  static byte[] functionKey(FunctionKey key) {
    byte[] k = key.value().getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[k.length + 1];
    out[0] = 'f';
    System.arraycopy(k, 0, out, 1, k.length);
    return out;
  }

  static boolean isMarker(byte[] key) {
    return Arrays.equals(key, MARKER_KEY);
  }

  /** The function of a state key, or null when it is not one. */
  static FunctionKey function(byte[] key) {
    if (key == null || key.length < 2 || key[0] != 'f') {
      return null;
    }
    try {
      return FunctionKey.of(new String(key, 1, key.length - 1, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static byte[] value(long next, int fingerprint, byte[] state) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + (state == null ? 0 : state.length));
    b.put(MAGIC).put(FORMAT).putLong(next).putInt(fingerprint);
    if (state != null) {
      b.put(state);
    }
    return b.array();
  }

  /** A decoded value; {@code state} is empty for a marker. */
  record Value(long next, int fingerprint, byte[] state) {}

  /** The value, or null when it is not one this build reads. */
  static Value read(byte[] value) {
    if (value == null || value.length < HEADER || value[0] != MAGIC || value[1] != FORMAT) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(value);
    b.position(2);
    long next = b.getLong();
    int fp = b.getInt();
    if (next < 0) {
      return null;
    }
    return new Value(next, fp, Arrays.copyOfRange(value, HEADER, value.length));
  }
}
