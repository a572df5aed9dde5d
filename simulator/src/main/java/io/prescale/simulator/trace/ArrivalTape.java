package io.prescale.simulator.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * A trace's invocation stream for one seed and placement, generated once into primitive arrays and
 * replayed by every run that asks for the same seed and placement (all runs of one simulation do).
 * Replaying reads three arrays in order; generating places each minute's arrivals, draws the
 * durations and merges the functions, which costs about as much as a simple baseline's whole run.
 *
 * <p>Memory: {@link #BYTES_PER_INVOCATION} bytes an invocation (arrival and duration as longs, the
 * function as a 16-bit index), in chunks of {@link #CHUNK} invocations; {@link #record} gives up
 * and returns null beyond its byte budget or beyond 65,536 functions, and callers stream instead.
 */
public final class ArrivalTape {
  /** Bytes held per recorded invocation. */
  public static final int BYTES_PER_INVOCATION = 8 + 8 + 2;

  static final int CHUNK = 1 << 20;
  private static final int MAX_FUNCTIONS = 1 << 16;

  private final long seed;
  private final Placement placement;
  private final List<long[]> arrivals;
  private final List<long[]> durations;
  private final List<char[]> functions;
  private final long size;
  private final int chunk;

  private ArrivalTape(
      long seed,
      Placement placement,
      List<long[]> arrivals,
      List<long[]> durations,
      List<char[]> functions,
      long size,
      int chunk) {
    this.seed = seed;
    this.placement = placement;
    this.arrivals = arrivals;
    this.durations = durations;
    this.functions = functions;
    this.size = size;
    this.chunk = chunk;
  }

  /**
   * Generates {@code trace}'s stream for {@code seed} and {@code placement}, or returns null when
   * it would hold more than {@code maxBytes} (found before or while generating) or the trace has
   * more than 65,536 functions.
   */
  public static ArrivalTape record(Trace trace, long seed, Placement placement, long maxBytes) {
    return record(trace, seed, placement, maxBytes, CHUNK);
  }

  /** As {@link #record(Trace, long, Placement, long)} with {@code chunk} invocations per array. */
  static ArrivalTape record(Trace trace, long seed, Placement placement, long maxBytes, int chunk) {
    long limit = maxBytes / BYTES_PER_INVOCATION;
    if (trace.functions().size() > MAX_FUNCTIONS
        || (placement == Placement.UNIFORM && trace.plannedInvocations() > limit)) {
      return null;
    }
    List<long[]> arrivals = new ArrayList<>();
    List<long[]> durations = new ArrayList<>();
    List<char[]> functions = new ArrayList<>();
    long n = 0;
    long[] a = null;
    long[] d = null;
    char[] f = null;
    try (InvocationStream s = trace.open(seed, placement)) {
      while (s.next()) {
        int at = (int) (n % chunk);
        if (at == 0) {
          if (n >= limit) {
            return null; // a Poisson placement drew more than the budget holds
          }
          a = new long[chunk];
          d = new long[chunk];
          f = new char[chunk];
          arrivals.add(a);
          durations.add(d);
          functions.add(f);
        }
        a[at] = s.arrivalNanos();
        d[at] = s.durationNanos();
        f[at] = (char) s.function();
        n++;
      }
    }
    return new ArrivalTape(seed, placement, arrivals, durations, functions, n, chunk);
  }

  /** Invocations recorded. */
  public long size() {
    return size;
  }

  /** Bytes the arrays hold (whole chunks). */
  public long bytes() {
    return (long) arrivals.size() * chunk * BYTES_PER_INVOCATION;
  }

  /** True when this tape is the stream of {@code seed} and {@code placement}. */
  public boolean recorded(long seed, Placement placement) {
    return this.seed == seed && this.placement == placement;
  }

  /** The recorded stream from its start; any number of replays may run at once. */
  public InvocationStream replay() {
    return new InvocationStream() {
      private long next;
      private int at = chunk - 1;
      private int block = -1;
      private long[] a;
      private long[] d;
      private char[] f;

      @Override
      public boolean next() {
        if (next >= size) {
          at = -1;
          return false;
        }
        if (++at == chunk) {
          at = 0;
        }
        if (at == 0) {
          block++;
          a = arrivals.get(block);
          d = durations.get(block);
          f = functions.get(block);
        }
        next++;
        return true;
      }

      @Override
      public int function() {
        return at < 0 ? -1 : f[at];
      }

      @Override
      public long arrivalNanos() {
        return a[at];
      }

      @Override
      public long durationNanos() {
        return d[at];
      }
    };
  }
}
