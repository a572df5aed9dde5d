/**
 * Per-function telemetry windows: per-second and per-minute buckets, recent distributions, live
 * instances, the {@link io.prescale.core.observe.Observation} deciders read, and the bounded store
 * of every tracked function.
 */
package io.prescale.collector.window;
