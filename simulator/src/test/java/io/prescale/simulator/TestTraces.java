package io.prescale.simulator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** The shared real traces, found relative to the repository: {@code <repo>/../shared/traces}. */
public final class TestTraces {
  private TestTraces() {}

  /** {@code ../shared/traces/<name>}; skips the test with a clear message when it is absent. */
  public static Path require(String name) {
    Path root = Path.of(System.getProperty("user.dir")).resolve("../../shared/traces").normalize();
    Path p = root.resolve(name);
    assumeTrue(
        Files.exists(p),
        "shared trace "
            + p
            + " is absent (it lives beside the repository,"
            + " in ../shared/traces); skipping the test that needs it");
    return p;
  }
}
