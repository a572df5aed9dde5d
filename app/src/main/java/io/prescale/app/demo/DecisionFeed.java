package io.prescale.app.demo;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import java.time.Instant;

/** Where the emulated platform takes each function's latest scale decision from. */
interface DecisionFeed {

  /** One line for the banner and the table, e.g. which decider drives the platform. */
  String describe();

  /**
   * The latest decision for {@code function}, or null when there is none yet (the platform then
   * keeps what it has). {@code meanConcurrency} is the emulator's own in-flight mean over the last
   * 30 s, for feeds that decide locally.
   */
  ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now);
}
