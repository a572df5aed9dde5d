package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import java.util.Objects;

/** One point of a {@code --sweep} curve: a policy's main knob at one value. */
public record SweepPoint(String curve, String knob, double value, RunResult result) {
  public SweepPoint {
    Objects.requireNonNull(curve, "curve");
    Objects.requireNonNull(knob, "knob");
    Objects.requireNonNull(result, "result");
  }
}
