/**
 * Duration quantile sketches of a function (internal to the collector): two rotating DDSketches
 * ({@link io.prescale.collector.window.sketch.RecentSketch}) on a compact bin store ({@link
 * io.prescale.collector.window.sketch.CountStore}). Not thread-safe: {@link
 * io.prescale.collector.window.FunctionWindows} locks.
 */
package io.prescale.collector.window.sketch;
