package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short seeded pass over the gRPC framing check (and the message decode behind it) and its
 * regressions.
 */
class GrpcFramingFuzzTest {
  @Test
  void answersWhatThePlainReadingSays() {
    FuzzReport r =
        assertTimeoutPreemptively(
            Duration.ofMinutes(2),
            () -> ShortPass.run(OtlpFuzzTargets.grpcFraming(), OtlpFuzzTest.SEED, 4_000));
    System.out.println(r.line());
  }
}
