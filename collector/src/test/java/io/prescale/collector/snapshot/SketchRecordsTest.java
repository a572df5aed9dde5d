package io.prescale.collector.snapshot;

import static io.prescale.collector.window.sketch.CountStoreTest.QUANTILES;
import static io.prescale.collector.window.sketch.CountStoreTest.assertSame;
import static io.prescale.collector.window.sketch.CountStoreTest.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadoghq.sketch.ddsketch.DDSketch;
import io.prescale.collector.snapshot.proto.Sketch;
import io.prescale.collector.window.sketch.CountStore;
import io.prescale.collector.window.sketch.RecentSketch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link SketchRecords}: a sketch on compact stores is saved as one on the library's stores. */
class SketchRecordsTest {
  @Test
  void sketchesAreByteForByteThoseOfTheLibrarysStoreAndReadBackTheSame() throws Exception {
    Random rnd = new Random(3);
    DDSketch libCur = DDSketch.fastCollapsingLowest(0.01, 512);
    DDSketch libPrev = DDSketch.fastCollapsingLowest(0.01, 512);
    DDSketch ourCur = RecentSketch.newSketch(0.01, 512);
    DDSketch ourPrev = RecentSketch.newSketch(0.01, 512);
    for (int i = 0; i < 3000; i++) {
      double v = value(rnd);
      (i % 3 == 0 ? libPrev : libCur).accept(v);
      (i % 3 == 0 ? ourPrev : ourCur).accept(v);
    }
    RecentSketch lib = new RecentSketch(0.01, 512, 300_000_000_000L);
    lib.restore(libCur, libPrev, 1_800_000_000_000_000_000L);
    RecentSketch ours = new RecentSketch(0.01, 512, 300_000_000_000L);
    ours.restore(ourCur, ourPrev, 1_800_000_000_000_000_000L);
    byte[] written = SketchRecords.encode(ours).toByteArray();
    org.junit.jupiter.api.Assertions.assertArrayEquals(
        SketchRecords.encode(lib).toByteArray(), written, "same snapshot bytes");
    RecentSketch back = new RecentSketch(0.01, 512, 300_000_000_000L);
    SketchRecords.decode(Sketch.parseFrom(written), back, "test");
    assertTrue(
        back.current().getPositiveValueStore() instanceof CountStore, "read into compact stores");
    for (double q : QUANTILES) {
      assertEquals(lib.quantile(q), back.quantile(q), "q" + q);
    }
    assertSame(libCur.getPositiveValueStore(), back.current().getPositiveValueStore(), "current");
    assertSame(
        libPrev.getPositiveValueStore(), back.previous().getPositiveValueStore(), "previous");
  }
}
