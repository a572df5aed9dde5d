package io.prescale.collector.window.sketch;

/**
 * The count array of a {@link CountStore}, parallel to its keys, in the narrowest type that holds
 * every count: {@link #BYTE} (unsigned, 0-255), {@link #CHAR} (0-65,535), {@link #INT} and finally
 * {@link #DOUBLE} (any count, also a fractional one). Static helpers on the bare array and its
 * width, so a store holds no extra object; widening copies the counts and never changes them.
 */
final class BinCounts {
  static final int BYTE = 0;
  static final int CHAR = 1;
  static final int INT = 2;
  static final int DOUBLE = 3;

  private BinCounts() {}

  static Object newArray(int width, int length) {
    return switch (width) {
      case BYTE -> new byte[length];
      case CHAR -> new char[length];
      case INT -> new int[length];
      default -> new double[length];
    };
  }

  static double get(Object counts, int width, int k) {
    switch (width) {
      case BYTE:
        return ((byte[]) counts)[k] & 0xFF;
      case CHAR:
        return ((char[]) counts)[k];
      case INT:
        return ((int[]) counts)[k];
      default:
        return ((double[]) counts)[k];
    }
  }

  /** Stores {@code value}, which must fit {@code width} ({@link #widthOf}). */
  static void set(Object counts, int width, int k, double value) {
    switch (width) {
      case BYTE -> ((byte[]) counts)[k] = (byte) value;
      case CHAR -> ((char[]) counts)[k] = (char) value;
      case INT -> ((int[]) counts)[k] = (int) value;
      default -> ((double[]) counts)[k] = value;
    }
  }

  /** The narrowest width that holds {@code value}. */
  static int widthOf(double value) {
    if (value != (int) value) {
      return DOUBLE; // fractional, NaN or above int
    }
    return value <= 0xFF ? BYTE : value <= 0xFFFF ? CHAR : INT;
  }

  /** A new array of {@code length} at width {@code to} holding the {@code n} first counts. */
  static Object widened(Object counts, int width, int to, int n, int length) {
    Object next = newArray(to, length);
    for (int k = 0; k < n; k++) {
      double v = get(counts, width, k);
      switch (to) {
        case CHAR -> ((char[]) next)[k] = (char) v;
        case INT -> ((int[]) next)[k] = (int) v;
        default -> ((double[]) next)[k] = v;
      }
    }
    return next;
  }

  /** Bytes a count takes at {@code width}. */
  static long elementBytes(int width) {
    return width == BYTE ? 1 : width == CHAR ? 2 : width == INT ? 4 : 8;
  }
}
