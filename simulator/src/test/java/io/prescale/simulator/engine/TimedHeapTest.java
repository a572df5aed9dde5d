package io.prescale.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimedHeapTest {

  @Test
  void pollsByTimeThenIndexWhileEntriesComeAndGo() {
    SplittableRandom r = new SplittableRandom(3);
    TimedHeap heap = new TimedHeap();
    List<long[]> model = new ArrayList<>();
    Comparator<long[]> order =
        Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]);
    for (int step = 0; step < 20_000; step++) {
      if (model.isEmpty() || r.nextInt(3) > 0) {
        long t = r.nextInt(50); // many ties on time
        int i = r.nextInt(40);
        heap.add(t, i);
        model.add(new long[] {t, i});
      } else {
        model.sort(order);
        long[] first = model.remove(0);
        assertEquals(first[0], heap.peekTime(), "time at step " + step);
        assertEquals(first[1], heap.peekIndex(), "index at step " + step);
        heap.remove();
      }
      assertEquals(model.isEmpty(), heap.isEmpty());
    }
    assertTrue(model.size() > 100, "the heap grew past its first capacity");
  }
}
