/**
 * The per-function tick loop of {@code prescale run}: every tick, for every tracked function,
 * observation + flat spec -> that function's {@link io.prescale.core.decide.Decider} -> clamp to
 * [min, max] once -> {@link io.prescale.autoscaler.loop.DecisionSink}. {@link
 * io.prescale.autoscaler.loop.AutoscalerLoop#tick} takes the time as an argument (tests and the
 * simulator drive it without threads); {@link io.prescale.autoscaler.loop.ScheduledAutoscaler} runs
 * it on wall time.
 */
package io.prescale.autoscaler.loop;
