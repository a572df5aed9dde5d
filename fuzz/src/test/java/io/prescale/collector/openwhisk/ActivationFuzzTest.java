package io.prescale.collector.openwhisk;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the openwhisk source's page and record decoding. */
class ActivationFuzzTest {
  @Test
  void takesOrRefusesEachRecordWithAMessage() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> ShortPass.run(new ActivationFuzzTarget(), 20_261_206L, 2_000));
    System.out.println(r.line());
  }
}
