package io.prescale.collector.scrape;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the exposition parser and the scrape's ingest path. */
class ExpositionFuzzTest {
  @Test
  void parsesOrRefusesWithALineAndKeepsTheStoreSane() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> ShortPass.run(ExpositionFuzzTargets.exposition(), 20_261_206L, 2_500));
    System.out.println(r.line());
  }
}
