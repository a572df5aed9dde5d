package io.prescale.collector.window.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The blocks kept back to back in one array answer like a map of hour to block. */
class SealedHoursTest {

  @Test
  void behavesLikeAMapUnderRandomPutsRemovesAndDrops() {
    for (long seed = 1; seed <= 10; seed++) {
      Random rnd = new Random(seed);
      int maxHours = 20 + rnd.nextInt(150);
      SealedHours hours = new SealedHours(maxHours);
      TreeMap<Long, byte[]> ref = new TreeMap<>();
      long base = 500_000;
      long dropped = Long.MIN_VALUE;
      for (int op = 0; op < 5_000; op++) {
        long hour = base + rnd.nextInt(maxHours);
        int r = rnd.nextInt(10);
        long version = hours.version();
        if (r < 6 && hour >= dropped) {
          byte[] block = new byte[1 + rnd.nextInt(rnd.nextInt(8) == 0 ? 2_000 : 40)];
          rnd.nextBytes(block);
          hours.put(hour, block);
          ref.put(hour, block);
          assertNotEquals(version, hours.version(), "a put changes the version");
        } else if (r < 9) {
          assertEquals(ref.remove(hour) != null, hours.remove(hour), "seed " + seed + " op " + op);
        } else {
          long before = base + rnd.nextInt(maxHours / 4);
          hours.dropBefore(before);
          ref.headMap(before).clear();
          dropped = Math.max(dropped, before);
        }
        if (rnd.nextInt(50) == 0) {
          hours.trimToSize();
        }
        if (rnd.nextInt(200) == 0) {
          base += rnd.nextInt(maxHours / 2); // time moves on
        }
        assertEquals(ref.size(), hours.count(), "seed " + seed + " op " + op);
        assertEquals(ref.isEmpty(), hours.isEmpty());
        assertEquals(ref.isEmpty() ? Long.MAX_VALUE : ref.firstKey(), hours.oldestHour());
        if (op % 25 == 0) {
          for (long h = base - 5; h < base + maxHours + 5; h++) {
            byte[] want = ref.get(h);
            assertEquals(want != null, hours.has(h), "seed " + seed + " hour " + h);
            if (want != null) {
              assertArrayEquals(want, hours.get(h));
              assertEquals(want.length, hours.length(h));
            }
          }
          List<Long> seen = new ArrayList<>();
          hours.forEach(
              (block, h) -> {
                assertArrayEquals(ref.get(h), block);
                seen.add(h);
              });
          assertEquals(new ArrayList<>(ref.keySet()), seen, "forEach: every hour, oldest first");
        }
      }
    }
  }

  @Test
  void aBlockLongerThanALengthCanHoldIsRefusedWithItsSize() {
    SealedHours hours = new SealedHours(10);
    hours.put(7, new byte[SealedHours.MAX_BLOCK_BYTES]);
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> hours.put(8, new byte[SealedHours.MAX_BLOCK_BYTES + 1]));
    assertTrue(
        e.getMessage().contains("65536") && e.getMessage().contains("[1; 65535]"), e.getMessage());
    assertEquals(SealedHours.MAX_BLOCK_BYTES, hours.length(7));
    assertEquals(1, hours.count());
  }

  @Test
  void blocksCostTheirBytesNotAnArrayEach() {
    SealedHours hours = new SealedHours(170);
    long payload = 0;
    for (long h = 0; h < 168; h++) {
      hours.put(h, new byte[10]);
      payload += 10;
    }
    hours.trimToSize();
    assertTrue(hours.bytes() < payload + 4 * 170 + 100, "bytes " + hours.bytes());
    for (long[] dropAndLeft : new long[][] {{1, 167}, {100, 68}, {168, 0}}) {
      hours.dropBefore(dropAndLeft[0]);
      assertEquals(dropAndLeft[1], hours.count());
    }
    assertTrue(hours.bytes() < 200, "released: " + hours.bytes());
  }
}
