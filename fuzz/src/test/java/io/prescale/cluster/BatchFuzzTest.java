package io.prescale.cluster;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the cluster topics' record decoding. */
class BatchFuzzTest {
  @Test
  void decodesWholeOrRefusesWithAReason() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2), () -> ShortPass.run(new BatchFuzzTarget(), 20_261_206L, 5_000));
    System.out.println(r.line());
  }
}
