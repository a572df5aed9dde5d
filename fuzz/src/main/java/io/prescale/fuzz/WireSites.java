package io.prescale.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the fields of a protobuf encoding are: tags, varints, fixed-width values, length prefixes,
 * bytes and whole fields, found by walking the wire format (into every length-delimited field that
 * parses as a message), each with the length prefixes that enclose it so an edit can keep them
 * right.
 */
final class WireSites {
  enum Kind {
    TAG,
    VARINT,
    FIXED64,
    FIXED32,
    LENGTH,
    BYTES,
    FIELD
  }

  /** {@code [start; end)} of one site; {@code enclosing} holds LENGTH sites, outermost first. */
  record Site(Kind kind, int start, int end, long value, List<Site> enclosing) {}

  private static final int MAX_DEPTH = 12;
  private final byte[] buf;
  final List<Site> sites = new ArrayList<>();

  private WireSites(byte[] buf) {
    this.buf = buf;
  }

  static WireSites of(byte[] message) {
    WireSites w = new WireSites(message);
    w.walk(0, message.length, 0, List.of());
    return w;
  }

  List<Site> sitesOf(Kind kind) {
    List<Site> l = new ArrayList<>();
    for (Site s : sites) {
      if (s.kind == kind) {
        l.add(s);
      }
    }
    return l;
  }

  /** Whether {@code [from; to)} is a whole message; adds its sites when it is. */
  private boolean walk(int from, int to, int depth, List<Site> enclosing) {
    int mark = sites.size();
    int p = from;
    while (p < to) {
      int fieldStart = p;
      long[] tag = varint(p, to);
      if (tag == null || (tag[0] >>> 3) == 0) {
        return rollback(mark);
      }
      sites.add(new Site(Kind.TAG, p, (int) tag[1], tag[0], enclosing));
      p = (int) tag[1];
      switch ((int) (tag[0] & 7)) {
        case 0 -> {
          long[] v = varint(p, to);
          if (v == null) {
            return rollback(mark);
          }
          sites.add(new Site(Kind.VARINT, p, (int) v[1], v[0], enclosing));
          p = (int) v[1];
        }
        case 1 -> {
          if (to - p < 8) {
            return rollback(mark);
          }
          sites.add(new Site(Kind.FIXED64, p, p + 8, 0, enclosing));
          p += 8;
        }
        case 5 -> {
          if (to - p < 4) {
            return rollback(mark);
          }
          sites.add(new Site(Kind.FIXED32, p, p + 4, 0, enclosing));
          p += 4;
        }
        case 2 -> {
          long[] len = varint(p, to);
          if (len == null || len[0] < 0 || len[0] > to - len[1]) {
            return rollback(mark);
          }
          Site length = new Site(Kind.LENGTH, p, (int) len[1], len[0], enclosing);
          sites.add(length);
          int body = (int) len[1];
          int end = body + (int) len[0];
          List<Site> inner = new ArrayList<>(enclosing);
          inner.add(length);
          if (depth >= MAX_DEPTH
              || len[0] == 0
              || !walk(body, end, depth + 1, List.copyOf(inner))) {
            sites.add(new Site(Kind.BYTES, body, end, 0, List.copyOf(inner)));
          }
          p = end;
        }
        default -> {
          return rollback(mark);
        }
      }
      sites.add(new Site(Kind.FIELD, fieldStart, p, 0, enclosing));
    }
    return true;
  }

  private boolean rollback(int mark) {
    sites.subList(mark, sites.size()).clear();
    return false;
  }

  /** {value, end} of the varint at {@code p}, or null. */
  private long[] varint(int p, int to) {
    long v = 0;
    for (int shift = 0; shift < 64 && p < to; shift += 7) {
      int b = buf[p++] & 0xFF;
      v |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return new long[] {v, p};
      }
    }
    return null;
  }

  static byte[] encodeVarint(long v) {
    byte[] out = new byte[10];
    int n = 0;
    while ((v & ~0x7FL) != 0) {
      out[n++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[n++] = (byte) v;
    return Arrays.copyOf(out, n);
  }

  /**
   * {@code buf} with {@code site}'s bytes replaced by {@code with}, every enclosing length prefix
   * rewritten to match (innermost first: earlier positions do not move).
   */
  static byte[] replaceKeepingLengths(byte[] buf, Site site, int from, int to, byte[] with) {
    byte[] out = Mutations.replace(buf, from, to, with);
    long delta = with.length - (long) (to - from);
    List<Site> enc = site.enclosing();
    for (int i = enc.size() - 1; i >= 0 && delta != 0 && out.length < Mutations.MAX_LENGTH; i--) {
      Site len = enc.get(i);
      byte[] v = encodeVarint(len.value() + delta);
      out = Mutations.replace(out, len.start(), len.end(), v);
      delta += v.length - (len.end() - len.start());
    }
    return out;
  }
}
