package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * InstanceTracker against an access-ordered LinkedHashMap with eviction of the eldest (the
 * reference).
 */
class InstanceTrackerTest {
  private static final long WINDOW = 300;

  @Test
  void behavesLikeAnAccessOrderedMapThatEvictsTheLeastRecentlySeen() {
    for (int seed = 0; seed < 200; seed++) {
      Random rnd = new Random(seed);
      int max = 1 + rnd.nextInt(seed % 2 == 0 ? 12 : 60); // past 8: the hash index
      InstanceTracker tracker = new InstanceTracker(max, WINDOW);
      Map<String, Long> ref = reference(max);
      long now = 1_000;
      for (int op = 0; op < 500; op++) {
        int r = rnd.nextInt(100);
        if (r < 80) {
          String id =
              rnd.nextInt(20) == 0
                  ? (rnd.nextBoolean() ? "" : null)
                  : "i-" + rnd.nextInt(2 * max + 2);
          long at =
              now - rnd.nextInt(400); // some older than the stored time: order moves, time not
          tracker.seen(id, at);
          if (id != null && !id.isEmpty()) {
            Long before = ref.get(id);
            ref.put(id, before == null ? at : Math.max(before, at));
          }
        } else if (r < 90) {
          now += rnd.nextInt(200);
          tracker.trim(now);
          long limit = now - WINDOW;
          ref.values().removeIf(at -> at <= limit);
        } else {
          now += rnd.nextInt(50);
        }
        String what = "seed " + seed + " op " + op;
        assertEquals(List.copyOf(ref.entrySet()).toString(), entries(tracker).toString(), what);
        long limit = now - WINDOW;
        assertEquals(
            ref.values().stream().filter(at -> at > limit).count(),
            tracker.live(now),
            what + " live");
      }
    }
  }

  @Test
  void ahundredDistinctInstancesKeepTheNewestMax() {
    InstanceTracker tracker = new InstanceTracker(3, WINDOW);
    for (int i = 0; i < 100; i++) {
      tracker.seen("i-" + i, 1_000 + i);
    }
    assertEquals("[i-97=1097, i-98=1098, i-99=1099]", entries(tracker).toString());
    tracker.trim(10_000);
    assertEquals(0, tracker.live(10_000));
    assertEquals("[]", entries(tracker).toString());
  }

  private static Map<String, Long> reference(int max) {
    return new LinkedHashMap<>(8, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > max;
      }
    };
  }

  private static List<Map.Entry<String, Long>> entries(InstanceTracker t) {
    List<Map.Entry<String, Long>> out = new ArrayList<>();
    t.forEach((id, at) -> out.add(Map.entry(id, at)));
    return out;
  }
}
