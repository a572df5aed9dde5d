package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the policy loader and its regressions. */
class PolicyFuzzTest {
  @Test
  void loadsOrReportsErrorsWithPositions() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> ShortPass.run(PolicyFuzzTargets.policy(), 20_261_206L, 2_500));
    System.out.println(r.line());
  }
}
