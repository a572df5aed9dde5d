package io.prescale.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The random source of one input and the byte-level mutations every target can use. Results are
 * capped at {@link #MAX_LENGTH} bytes.
 */
public final class Mutations {
  /** No mutation makes an input longer than this. */
  public static final int MAX_LENGTH = 1 << 20;

  private static final int[] INTERESTING_8 = {
    0, 1, 0x7F, 0x80, 0xFF, 0x0A, 0x22, 0x5B, 0x7B, 0x2A, 0x26
  };
  private static final int[] INTERESTING_32 = {
    0, 1, -1, 0x7FFFFFFF, 0x80000000, 0x00FFFFFF, 0x01000000, 16, 4096, 65536
  };

  private final Random random;
  private final List<byte[]> corpus;

  Mutations(Random random, List<byte[]> corpus) {
    this.random = random;
    this.corpus = corpus;
  }

  public Random random() {
    return random;
  }

  /** Another corpus input, for splicing. */
  public byte[] other() {
    return corpus.get(random.nextInt(corpus.size()));
  }

  /** One of the byte-level mutations, chosen at random. */
  public byte[] anyBytes(byte[] in) {
    switch (random.nextInt(11)) {
      case 0:
        return flipBit(in);
      case 1:
        return setByte(in);
      case 2:
        return insert(in);
      case 3:
        return delete(in);
      case 4:
        return duplicate(in);
      case 5:
        return truncate(in);
      case 6:
        return splice(in);
      case 7:
        return arithmetic(in);
      case 8:
        return setInt32(in);
      case 9:
        return overwriteFromOther(in);
      default:
        return insertRepeated(in);
    }
  }

  public byte[] flipBit(byte[] in) {
    if (in.length == 0) {
      return new byte[] {(byte) random.nextInt(256)};
    }
    byte[] out = in.clone();
    int i = random.nextInt(out.length);
    out[i] ^= (byte) (1 << random.nextInt(8));
    return out;
  }

  public byte[] setByte(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    byte[] out = in.clone();
    out[random.nextInt(out.length)] =
        (byte)
            (random.nextBoolean()
                ? INTERESTING_8[random.nextInt(INTERESTING_8.length)]
                : random.nextInt(256));
    return out;
  }

  public byte[] insert(byte[] in) {
    byte[] add = new byte[1 + random.nextInt(16)];
    random.nextBytes(add);
    return insertAt(in, random.nextInt(in.length + 1), add);
  }

  /** One byte repeated up to 64 Ki times: long runs, long strings. */
  public byte[] insertRepeated(byte[] in) {
    byte[] add = new byte[1 + random.nextInt(random.nextInt(8) == 0 ? 65536 : 256)];
    Arrays.fill(add, (byte) (random.nextBoolean() ? 'A' : random.nextInt(256)));
    return insertAt(in, random.nextInt(in.length + 1), add);
  }

  public byte[] delete(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    int from = random.nextInt(in.length);
    int n = 1 + random.nextInt(Math.min(in.length - from, random.nextBoolean() ? 4 : 256));
    return replace(in, from, from + n, new byte[0]);
  }

  public byte[] duplicate(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    int from = random.nextInt(in.length);
    int n = 1 + random.nextInt(Math.min(in.length - from, 512));
    return insertAt(in, random.nextInt(in.length + 1), Arrays.copyOfRange(in, from, from + n));
  }

  public byte[] truncate(byte[] in) {
    return in.length == 0 ? in : Arrays.copyOf(in, random.nextInt(in.length));
  }

  /** The head of this input and the tail of another. */
  public byte[] splice(byte[] in) {
    byte[] other = other();
    int cut = random.nextInt(in.length + 1);
    int from = random.nextInt(other.length + 1);
    return cap(concat(Arrays.copyOf(in, cut), Arrays.copyOfRange(other, from, other.length)));
  }

  public byte[] overwriteFromOther(byte[] in) {
    byte[] other = other();
    if (in.length == 0 || other.length == 0) {
      return in;
    }
    int n = 1 + random.nextInt(Math.min(Math.min(in.length, other.length), 64));
    int src = random.nextInt(other.length - n + 1);
    int dst = random.nextInt(in.length - n + 1);
    byte[] out = in.clone();
    System.arraycopy(other, src, out, dst, n);
    return out;
  }

  public byte[] arithmetic(byte[] in) {
    if (in.length == 0) {
      return in;
    }
    byte[] out = in.clone();
    int i = random.nextInt(out.length);
    out[i] += (byte) (random.nextBoolean() ? 1 + random.nextInt(35) : -1 - random.nextInt(35));
    return out;
  }

  /** A big-endian int (lengths and counts of binary formats) set to an interesting value. */
  public byte[] setInt32(byte[] in) {
    if (in.length < 4) {
      return in;
    }
    byte[] out = in.clone();
    int i = random.nextInt(out.length - 3);
    int v =
        random.nextInt(3) == 0
            ? readInt(out, i) + (random.nextBoolean() ? 1 : -1)
            : INTERESTING_32[random.nextInt(INTERESTING_32.length)];
    writeInt(out, i, v);
    return out;
  }

  static int readInt(byte[] b, int i) {
    return ((b[i] & 0xFF) << 24)
        | ((b[i + 1] & 0xFF) << 16)
        | ((b[i + 2] & 0xFF) << 8)
        | (b[i + 3] & 0xFF);
  }

  static void writeInt(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  /** {@code in} with {@code [from; to)} replaced by {@code with}, capped. */
  public static byte[] replace(byte[] in, int from, int to, byte[] with) {
    byte[] out = new byte[in.length - (to - from) + with.length];
    System.arraycopy(in, 0, out, 0, from);
    System.arraycopy(with, 0, out, from, with.length);
    System.arraycopy(in, to, out, from + with.length, in.length - to);
    return cap(out);
  }

  static byte[] insertAt(byte[] in, int at, byte[] add) {
    return replace(in, at, at, add);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] cap(byte[] b) {
    return b.length <= MAX_LENGTH ? b : Arrays.copyOf(b, MAX_LENGTH);
  }
}
