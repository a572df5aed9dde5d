package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The body array follows the bytes that arrived, not the length a client announced. */
class BodyCollectorTest {
  private static final int MAX = 16 * 1024 * 1024;

  @Test
  void aLargeDeclaredLengthWithOneByteCostsAFewKilobytes() {
    BodyCollector body = new BodyCollector(MAX, false, MAX);
    assertTrue(body.append(Buffer.buffer(new byte[] {1})));
    assertTrue(
        body.capacity() <= BodyCollector.INITIAL_BYTES,
        "capacity " + body.capacity() + " after one byte");
  }

  @Test
  void growsByDoublingAndStopsAtTheDeclaredLength() {
    int declared = 100_000;
    BodyCollector body = new BodyCollector(MAX, false, declared);
    byte[] all = new byte[declared];
    Arrays.fill(all, (byte) 7);
    for (int off = 0; off < declared; off += 1000) {
      assertTrue(body.append(Buffer.buffer(Arrays.copyOfRange(all, off, off + 1000))));
      assertTrue(
          body.capacity() <= Math.max(BodyCollector.INITIAL_BYTES, 2L * body.length()),
          "capacity " + body.capacity() + " for " + body.length() + " bytes");
    }
    assertEquals(declared, body.capacity(), "the last doubling stops at the announced size");
    assertArrayEquals(all, Arrays.copyOf(body.array(), body.length()));
  }

  @Test
  void refusesPastTheLimitWhateverWasDeclared() {
    BodyCollector body = new BodyCollector(2048, false, 10);
    assertTrue(body.append(Buffer.buffer(new byte[2048])));
    assertTrue(!body.append(Buffer.buffer(new byte[1])));
    assertEquals(2048, body.length());
  }
}
