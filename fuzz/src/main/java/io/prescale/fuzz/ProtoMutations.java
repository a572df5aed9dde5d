package io.prescale.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations that know the protobuf wire format: varints set to edge values, length prefixes made to
 * lie, fixed64/fixed32 values (doubles, timestamps) set to NaN, infinities, 0 or extremes, fields
 * duplicated or removed, tags given another field number or wire type, bytes replaced by long or
 * empty ones. Most keep the enclosing lengths right, so the edit reaches deep fields.
 */
public final class ProtoMutations {
  private static final long[] VARINTS = {
    0,
    1,
    2,
    127,
    128,
    255,
    0x7FFFFFFFL,
    0x80000000L,
    0xFFFFFFFFL,
    Long.MAX_VALUE,
    -1,
    Long.MIN_VALUE,
    1L << 40
  };
  private static final long[] FIXED64 = {
    Double.doubleToRawLongBits(Double.NaN),
    Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
    Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
    Double.doubleToRawLongBits(-0.0),
    Double.doubleToRawLongBits(Double.MAX_VALUE),
    Double.doubleToRawLongBits(Double.MIN_VALUE),
    Double.doubleToRawLongBits(-1.0),
    Double.doubleToRawLongBits(1e18),
    Double.doubleToRawLongBits(-1e300),
    0,
    -1,
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    1
  };

  private ProtoMutations() {}

  /** One protobuf-aware mutation; falls back to a byte mutation when nothing parses. */
  public static byte[] mutate(Mutations m, byte[] in) {
    WireSites w = WireSites.of(in);
    if (w.sites.isEmpty()) {
      return m.anyBytes(in);
    }
    Random r = m.random();
    switch (r.nextInt(8)) {
      case 0:
        return varint(r, in, w.sitesOf(WireSites.Kind.VARINT), m);
      case 1:
        return lyingLength(r, in, w.sitesOf(WireSites.Kind.LENGTH), m);
      case 2:
        return fixed(r, in, w.sitesOf(WireSites.Kind.FIXED64), 8, m);
      case 3:
        return fixed(r, in, w.sitesOf(WireSites.Kind.FIXED32), 4, m);
      case 4:
        return duplicateField(r, in, w.sitesOf(WireSites.Kind.FIELD), m);
      case 5:
        return removeField(r, in, w.sitesOf(WireSites.Kind.FIELD), m);
      case 6:
        return retag(r, in, w.sitesOf(WireSites.Kind.TAG), m);
      default:
        return bytes(r, in, w.sitesOf(WireSites.Kind.BYTES), m);
    }
  }

  private static WireSites.Site pick(Random r, List<WireSites.Site> l) {
    return l.get(r.nextInt(l.size()));
  }

  private static byte[] varint(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    long v =
        r.nextInt(3) == 0
            ? s.value() + (r.nextBoolean() ? 1 : -1)
            : VARINTS[r.nextInt(VARINTS.length)];
    return WireSites.replaceKeepingLengths(in, s, s.start(), s.end(), WireSites.encodeVarint(v));
  }

  /** A length prefix changed alone: it now says more or less than follows. */
  private static byte[] lyingLength(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    long v =
        switch (r.nextInt(4)) {
          case 0 -> s.value() + 1 + r.nextInt(8);
          case 1 -> Math.max(0, s.value() - 1 - r.nextInt(8));
          case 2 -> 0x7FFFFFF0L + r.nextInt(32);
          default -> -1;
        };
    return Mutations.replace(in, s.start(), s.end(), WireSites.encodeVarint(v));
  }

  private static byte[] fixed(Random r, byte[] in, List<WireSites.Site> l, int width, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    long v = FIXED64[r.nextInt(FIXED64.length)];
    if (r.nextInt(4) == 0) {
      long old = 0;
      for (int i = width - 1; i >= 0; i--) {
        old = (old << 8) | (in[s.start() + i] & 0xFF);
      }
      v =
          old
              + (r.nextBoolean() ? 1 : -1)
                  * (1L << r.nextInt(62)); // timestamps: seconds to centuries away
    }
    if (width == 4) {
      v = r.nextBoolean() ? Float.floatToRawIntBits(Float.NaN) : v;
    }
    byte[] out = in.clone();
    for (int i = 0; i < width; i++) {
      out[s.start() + i] = (byte) (v >>> (8 * i));
    }
    return out;
  }

  private static byte[] duplicateField(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    byte[] field = Arrays.copyOfRange(in, s.start(), s.end());
    int copies = r.nextInt(4) == 0 ? 1 + r.nextInt(64) : 1;
    byte[] add = new byte[0];
    for (int i = 0; i < copies && add.length + field.length < Mutations.MAX_LENGTH / 2; i++) {
      add = Mutations.concat(add, field);
    }
    return WireSites.replaceKeepingLengths(in, s, s.end(), s.end(), add);
  }

  private static byte[] removeField(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    return WireSites.replaceKeepingLengths(in, s, s.start(), s.end(), new byte[0]);
  }

  /** Another field number or wire type for one tag. */
  private static byte[] retag(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    long tag =
        r.nextBoolean()
            ? (s.value() & ~7L) | r.nextInt(8)
            : ((long) (1 + r.nextInt(r.nextBoolean() ? 16 : 1 << 29)) << 3) | (s.value() & 7);
    return WireSites.replaceKeepingLengths(in, s, s.start(), s.end(), WireSites.encodeVarint(tag));
  }

  /** A string or bytes value made empty, long, invalid UTF-8 or 100 KiB of one character. */
  private static byte[] bytes(Random r, byte[] in, List<WireSites.Site> l, Mutations m) {
    if (l.isEmpty()) {
      return m.anyBytes(in);
    }
    WireSites.Site s = pick(r, l);
    byte[] with =
        switch (r.nextInt(5)) {
          case 0 -> new byte[0];
          case 1 -> new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
          case 2 -> repeat((byte) 'x', 1 + r.nextInt(100_000));
          case 3 -> "shop/../\u0000\u202e/checkout".getBytes(StandardCharsets.UTF_8);
          default -> m.other();
        };
    return WireSites.replaceKeepingLengths(in, s, s.start(), s.end(), with);
  }

  private static byte[] repeat(byte b, int n) {
    byte[] out = new byte[n];
    Arrays.fill(out, b);
    return out;
  }
}
