package io.prescale.fuzz;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/**
 * Runs one input on the calling thread and measures it: what it threw (a violated allocation bound
 * is an {@link AssertionError} too), the outcome, the bytes it allocated and its time.
 */
final class Trial {
  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  String outcome;
  Throwable thrown;
  long allocated;
  long nanos;

  static Trial run(FuzzTarget target, byte[] input) {
    Trial t = new Trial();
    long a0 = THREADS.getCurrentThreadAllocatedBytes();
    long t0 = System.nanoTime();
    try {
      t.outcome = target.check(input);
    } catch (Throwable e) {
      t.thrown = e;
    }
    t.nanos = System.nanoTime() - t0;
    t.allocated = THREADS.getCurrentThreadAllocatedBytes() - a0;
    long bound = target.allocationBound(input.length);
    if (t.thrown == null && t.nanos > target.timeLimitNanos()) {
      t.thrown =
          new AssertionError(
              target.name()
                  + ": one input of "
                  + input.length
                  + " bytes took "
                  + t.nanos / 1_000_000
                  + " ms, more than the limit of "
                  + target.timeLimitNanos() / 1_000_000
                  + " ms");
    } else if (t.thrown == null && t.allocated > bound) {
      t.thrown =
          new AssertionError(
              target.name()
                  + ": one input of "
                  + input.length
                  + " bytes allocated "
                  + t.allocated
                  + " bytes, more than the bound of "
                  + bound);
    }
    return t;
  }
}
