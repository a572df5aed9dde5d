package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code mode: shadow} in a policy file: it validates, and {@code policy explain} shows it. */
class ShadowPolicyCliTest {
  private static final Path EXAMPLE =
      Path.of(System.getProperty("user.dir")).resolve("../examples/shadow.yaml").normalize();

  @Test
  void explainShowsShadowForAMatchedFunctionAndTheDefaultsModeForAnother() {
    CliRun shadow =
        CliRun.of("policy", "explain", "--config", EXAMPLE.toString(), "demo/bursty-ingest");
    assertEquals(0, shadow.code(), shadow.err());
    assertTrue(
        shadow.out().matches("(?s).*\\bmode\\s+shadow\\s+rule watch-ingest.*"), shadow.out());
    CliRun acting =
        CliRun.of("policy", "explain", "--config", EXAMPLE.toString(), "demo/diurnal-api");
    assertEquals(0, acting.code(), acting.err());
    assertTrue(acting.out().matches("(?s).*\\bmode\\s+predictive\\s+defaults.*"), acting.out());
    CliRun valid = CliRun.of("policy", "validate", EXAMPLE.toString());
    assertEquals(0, valid.code(), valid.err());
  }
}
