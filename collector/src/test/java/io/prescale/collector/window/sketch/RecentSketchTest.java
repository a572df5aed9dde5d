package io.prescale.collector.window.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.datadoghq.sketch.ddsketch.DDSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentSketchTest {
  private static final long WINDOW = 60_000_000_000L;

  /** The answer over both windows as the library gives it: a fresh merge for every question. */
  private static double reference(RecentSketch s, double q) {
    DDSketch merged = s.current().copy();
    merged.mergeWith(s.previous());
    return merged.getValueAtQuantile(q);
  }

  @Test
  void quantilesOverBothWindowsFollowEveryChangeExactly() {
    Random r = new Random(5);
    RecentSketch a = new RecentSketch(0.01, 512, WINDOW);
    RecentSketch b = new RecentSketch(0.01, 512, WINDOW);
    long t = 0;
    for (int i = 0; i < 5_000; i++) {
      t += r.nextInt(100_000_000);
      RecentSketch s = r.nextBoolean() ? a : b; // two functions asked in turn on one thread
      s.add(r.nextDouble() * (1 + r.nextInt(50)), 1 + r.nextInt(3), t);
      if (i % 7 == 0 && s.previous() != null && !s.previous().isEmpty() && !s.current().isEmpty()) {
        for (double q : new double[] {0.05, 0.5, 0.99}) {
          assertEquals(reference(s, q), s.quantile(q), "q" + q + " at " + i);
        }
      }
    }
  }

  @Test
  void aValueAddedAfterAQuestionChangesTheNextAnswer() {
    RecentSketch s = new RecentSketch(0.01, 512, WINDOW);
    s.add(1, 10, 0);
    s.add(1, 10, WINDOW); // rotates: both windows hold data
    double before = s.quantile(0.99);
    s.add(100, 50, WINDOW + 1);
    double after = s.quantile(0.99);
    assertNotEquals(before, after);
    assertEquals(reference(s, 0.99), after);
    DDSketch cur = RecentSketch.newSketch(0.01, 512);
    cur.accept(5);
    DDSketch prev = RecentSketch.newSketch(0.01, 512);
    prev.accept(7);
    s.restore(cur, prev, WINDOW);
    assertEquals(reference(s, 0.99), s.quantile(0.99), "a restore is a change too");
  }
}
