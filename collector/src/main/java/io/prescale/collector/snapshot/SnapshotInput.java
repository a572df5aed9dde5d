package io.prescale.collector.snapshot;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a snapshot body: every count and length is checked against its bound BEFORE anything is
 * allocated, so a hostile or damaged file costs at most what the store's own bounds allow. A
 * violated bound throws {@link Corrupt} naming what, the value and the allowed range.
 */
final class SnapshotInput {
  /** The snapshot cannot be used; the message says why (for the one WARN line). */
  static final class Corrupt extends IOException {
    private static final long serialVersionUID = 1L;

    Corrupt(String message) {
      super(message);
    }

    Corrupt(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final DataInputStream in;

  SnapshotInput(InputStream in) {
    this.in = new DataInputStream(in);
  }

  long readLong() throws IOException {
    return in.readLong();
  }

  int readInt() throws IOException {
    return in.readInt();
  }

  double readDouble() throws IOException {
    return in.readDouble();
  }

  /** A finite double (NaN or infinite is corrupt). */
  double finite(String what) throws IOException {
    double v = in.readDouble();
    if (!Double.isFinite(v)) {
      throw new Corrupt(what + " = " + v + ", must be finite");
    }
    return v;
  }

  int readUnsignedByte() throws IOException {
    return in.readUnsignedByte();
  }

  boolean readBoolean() throws IOException {
    int b = in.readUnsignedByte();
    if (b > 1) {
      throw new Corrupt("flag = " + b + ", must be 0 or 1");
    }
    return b == 1;
  }

  /** A count or length in {@code [min; max]}. */
  int count(String what, int min, int max) throws IOException {
    int n = in.readInt();
    if (n < min || n > max) {
      throw new Corrupt(what + " = " + n + ", must be in [" + min + "; " + max + "]");
    }
    return n;
  }

  /** A non-negative long (a total). */
  long nonNegative(String what) throws IOException {
    long v = in.readLong();
    if (v < 0) {
      throw new Corrupt(what + " = " + v + ", must be >= 0");
    }
    return v;
  }

  /** Length-prefixed bytes, the length in {@code [min; max]}. */
  byte[] bytes(String what, int min, int max) throws IOException {
    byte[] b = new byte[count(what + " length", min, max)];
    in.readFully(b);
    return b;
  }

  /** A string of at most {@code maxChars} characters (modified UTF-8, at most 64 KiB read). */
  String string(String what, int maxChars) throws IOException {
    String s = in.readUTF();
    if (s.length() > maxChars) {
      throw new Corrupt(what + " length = " + s.length() + ", must be in [0; " + maxChars + "]");
    }
    return s;
  }

  /** True when the body has no byte left. */
  boolean atEnd() throws IOException {
    return in.read() < 0;
  }

  static boolean truncated(Throwable e) {
    return e instanceof EOFException;
  }
}
