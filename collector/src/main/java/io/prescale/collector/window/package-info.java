/**
 * Per-function telemetry windows: per-second and per-minute buckets, recent distributions, live
 * instances, the {@link io.prescale.core.observe.Observation} deciders read, and the bounded store
 * of every tracked function. The public face is {@link io.prescale.collector.window.FunctionStore},
 * {@link io.prescale.collector.window.FunctionWindows} and their configuration and read records;
 * the bucket storage lives in {@code window.sealed}, the duration sketches in {@code
 * window.sketch}, saving and restoring in {@code io.prescale.collector.snapshot}.
 */
package io.prescale.collector.window;
