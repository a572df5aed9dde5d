package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.prescale.fuzz.FuzzReport;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.ShortPass;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A short seeded pass over each OTLP decoder (traces, metrics, logs; protobuf and JSON) and its
 * regressions.
 */
class OtlpFuzzTest {
  static final long SEED = 20_261_206L;
  static final int INPUTS = 1_500;

  static List<FuzzTarget> targets() {
    return OtlpFuzzTargets.decoders();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("targets")
  void decodesOrRefusesAsAClientError(FuzzTarget target) {
    FuzzReport r =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> ShortPass.run(target, SEED, INPUTS));
    System.out.println(r.line());
  }
}
