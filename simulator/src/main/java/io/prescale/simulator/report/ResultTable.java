package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import java.util.List;

/**
 * The console table, and the same rows as markdown for RESULTS files; waits are durations ({@code
 * 1s305ms}).
 */
public final class ResultTable {
  static final String[] HEAD = {
    "policy",
    "platform",
    "invocations",
    "coldStarts",
    "cold%",
    "p75fn cold%",
    "wait p50",
    "wait p99",
    "wait p99.9",
    "instance-s",
    "idle-s",
    "GB-s",
    "scaling"
  };

  private ResultTable() {}

  public static String text(List<RunResult> results) {
    return TextTable.text(HEAD, results.stream().map(ResultTable::cells).toList());
  }

  public static String markdown(List<RunResult> results) {
    return TextTable.markdown(HEAD, results.stream().map(ResultTable::cells).toList());
  }

  /** The column names (a copy). */
  public static String[] head() {
    return HEAD.clone();
  }

  /** One result's cells, in {@link #head()} order; the first two are text. */
  public static String[] cells(RunResult r) {
    return new String[] {
      r.policy(),
      r.platform(),
      Long.toString(r.invocations()),
      Long.toString(r.coldStarts()),
      TextTable.f("%.3f", 100 * r.coldStartRatio()),
      TextTable.f("%.1f", 100 * r.coldStartRatioP75Function()),
      Formats.millis(r.waitP50Ms()),
      Formats.millis(r.waitP99Ms()),
      Formats.millis(r.waitP999Ms()),
      TextTable.f("%.0f", r.instanceSeconds()),
      TextTable.f("%.0f", r.idleInstanceSeconds()),
      TextTable.f("%.0f", r.memoryGbSeconds()),
      Long.toString(r.scalingActions())
    };
  }
}
