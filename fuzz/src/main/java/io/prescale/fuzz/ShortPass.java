package io.prescale.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What each fuzz test runs: every kept regression input of the target, then a short seeded pass.
 * Failing inputs of the pass are written to {@code target/fuzz-failures/<target>/} and the {@link
 * AssertionError} names the run seed, the input index and the file (copy it into the regression
 * folder once the defect is fixed).
 */
public final class ShortPass {
  /**
   * Where the kept regression inputs are, relative to the module (override:
   * -Dprescale.fuzz.regressions).
   */
  public static final String REGRESSIONS = "src/test/resources/fuzz-regressions";

  private ShortPass() {}

  public static FuzzReport run(FuzzTarget target, long seed, long inputs) throws IOException {
    RegressionCorpus regressions =
        new RegressionCorpus(Path.of(System.getProperty("prescale.fuzz.regressions", REGRESSIONS)));
    List<Failure> failures = new ArrayList<>(regressions.replay(target));
    FuzzReport report =
        new Fuzzer(target, seed)
            .run(inputs, new RegressionCorpus(Path.of("target", "fuzz-failures")));
    failures.addAll(report.failures());
    if (!failures.isEmpty()) {
      StringBuilder b =
          new StringBuilder(target.name() + ": " + failures.size() + " failing input(s)");
      for (Failure f : failures) {
        b.append("\n  ").append(f);
      }
      AssertionError e = new AssertionError(b.toString(), failures.get(0).thrown());
      throw e;
    }
    return report;
  }
}
