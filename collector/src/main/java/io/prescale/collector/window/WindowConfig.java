package io.prescale.collector.window;

import java.time.Duration;
import java.util.Objects;

/**
 * Sizes of one function's windows. Every value is validated; errors name the key, the value and the
 * allowed range.
 *
 * @param retainedSeconds one-second buckets kept (default 3600: one hour)
 * @param retainedMinutes one-minute buckets kept (default 10080: seven days)
 * @param lateness how far behind the newest data an invocation may still arrive and be recorded
 *     into its own bucket (default 5 minutes)
 * @param histogramWindow duration quantiles cover the last one to two of these (default 5 minutes)
 * @param relativeAccuracy relative accuracy of the duration sketches (default 0.01 = 1 %)
 * @param maxSketchBins bins per sketch; past it the lowest bins collapse (default 512)
 * @param instanceWindow an instance is live when seen within this (default 5 minutes)
 * @param maxInstances distinct instances remembered per function (default 256)
 */
public record WindowConfig(
    int retainedSeconds,
    int retainedMinutes,
    Duration lateness,
    Duration histogramWindow,
    double relativeAccuracy,
    int maxSketchBins,
    Duration instanceWindow,
    int maxInstances) {

  public static final int MAX_RETAINED_SECONDS = 86_400;
  public static final int MAX_RETAINED_MINUTES = 60 * 24 * 90;

  public WindowConfig {
    Objects.requireNonNull(lateness, "lateness");
    Objects.requireNonNull(histogramWindow, "histogramWindow");
    Objects.requireNonNull(instanceWindow, "instanceWindow");
    check(
        retainedSeconds >= 60 && retainedSeconds <= MAX_RETAINED_SECONDS,
        "retainedSeconds",
        retainedSeconds,
        "[60; " + MAX_RETAINED_SECONDS + "]");
    check(
        retainedMinutes >= 60 && retainedMinutes <= MAX_RETAINED_MINUTES,
        "retainedMinutes",
        retainedMinutes,
        "[60; " + MAX_RETAINED_MINUTES + "]");
    check(
        !lateness.isNegative() && lateness.getSeconds() < retainedSeconds,
        "lateness",
        lateness,
        "[0s; retainedSeconds = " + retainedSeconds + "s)");
    check(
        histogramWindow.getSeconds() >= 1 && histogramWindow.toHours() <= 24,
        "histogramWindow",
        histogramWindow,
        "[1s; 24h]");
    check(
        relativeAccuracy >= 0.001 && relativeAccuracy <= 0.1,
        "relativeAccuracy",
        relativeAccuracy,
        "[0.001; 0.1]");
    check(
        maxSketchBins >= 16 && maxSketchBins <= 8192, "maxSketchBins", maxSketchBins, "[16; 8192]");
    check(instanceWindow.getSeconds() >= 1, "instanceWindow", instanceWindow, "[1s; inf)");
    check(
        maxInstances >= 1 && maxInstances <= 100_000, "maxInstances", maxInstances, "[1; 100000]");
  }

  /** One hour of seconds, seven days of minutes, five minutes of lateness. */
  public static WindowConfig defaults() {
    return new WindowConfig(
        3600,
        7 * 24 * 60,
        Duration.ofMinutes(5),
        Duration.ofMinutes(5),
        0.01,
        512,
        Duration.ofMinutes(5),
        256);
  }

  public WindowConfig withRetainedSeconds(int v) {
    return new WindowConfig(
        v,
        retainedMinutes,
        lateness,
        histogramWindow,
        relativeAccuracy,
        maxSketchBins,
        instanceWindow,
        maxInstances);
  }

  public WindowConfig withRetainedMinutes(int v) {
    return new WindowConfig(
        retainedSeconds,
        v,
        lateness,
        histogramWindow,
        relativeAccuracy,
        maxSketchBins,
        instanceWindow,
        maxInstances);
  }

  public WindowConfig withLateness(Duration v) {
    return new WindowConfig(
        retainedSeconds,
        retainedMinutes,
        v,
        histogramWindow,
        relativeAccuracy,
        maxSketchBins,
        instanceWindow,
        maxInstances);
  }

  private static void check(boolean ok, String key, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException(key + " = " + value + ", must be in " + range);
    }
  }
}
