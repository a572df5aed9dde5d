package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.observe.Observation;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One writer and several readers on the same store: no exception, readers never see more than
 * written.
 */
class ConcurrentReadersTest {
  @Test
  void readersRunWhileTheIngestThreadWrites() throws Exception {
    long s = 1_000_000_000L;
    long t0 = 1_800_000_000L * s;
    FunctionStore store = FunctionStore.withDefaults();
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int n = 200_000;
    Thread writer =
        new Thread(
            () -> {
              for (int i = 0; i < n; i++) {
                FunctionWindows w =
                    store.getOrCreate(
                        FunctionKey.of("f" + (i % 20)), Map.of("cloud.region", "r"), t0);
                long start = t0 + i * 10_000_000L; // 100 per second of data time
                w.recordInvocation(
                    new Invocation(
                        w.function(),
                        start,
                        start + 30_000_000L,
                        i % 100 == 0,
                        Trigger.HTTP,
                        false,
                        "i" + (i % 7),
                        0));
              }
              done.set(true);
            });
    Runnable reader =
        () -> {
          try {
            while (!done.get()) {
              for (FunctionWindows w : store.all()) {
                Observation o = w.view(1);
                long total = w.invocationsTotal();
                assertTrue(total <= n / 20 + 1);
                o.concurrency(t0 / s + 10);
                o.minuteArrivals(t0 / s / 60);
                o.durationQuantileSeconds(0.99);
                w.summary(t0 + 1000 * s, 300);
                w.seconds(t0 / s, 60);
                w.durationHistogram();
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        };
    Thread r1 = new Thread(reader);
    Thread r2 = new Thread(reader);
    r1.start();
    r2.start();
    writer.start();
    writer.join();
    r1.join();
    r2.join();
    assertTrue(failures.isEmpty(), () -> "reader failed: " + failures.peek());
    long total = store.all().stream().mapToLong(FunctionWindows::invocationsTotal).sum();
    assertEquals(n, total);
    assertEquals(20, store.size());
  }
}
