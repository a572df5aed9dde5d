package io.prescale.collector.snapshot;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the snapshot reader and its regressions. */
class SnapshotFuzzTest {
  @Test
  void restoresOrRefusesWithTheDocumentedError() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> ShortPass.run(SnapshotFuzzTargets.snapshot(), 20_261_206L, 1_500));
    System.out.println(r.line());
  }
}
