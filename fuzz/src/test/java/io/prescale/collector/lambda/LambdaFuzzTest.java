package io.prescale.collector.lambda;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A short seeded pass over the Lambda decoders (Telemetry API batches, Firehose deliveries). */
class LambdaFuzzTest {
  static final long SEED = 20_261_206L;
  static final int INPUTS = 1_500;

  @Test
  void decodesOrRefusesAsAClientError() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2), () -> ShortPass.run(new LambdaFuzzTarget(), SEED, INPUTS));
    System.out.println(r.line());
  }
}
