/**
 * Baseline deciders that Prescale is measured against and that operators may run for real: Knative
 * KPA ({@code kpa}), Kubernetes HPA ({@code hpa}), KEDA ({@code keda}), fixed keep-alive ({@code
 * keepalive}), the hybrid histogram policy of Shahrad et al. ({@code hybrid-histogram}), {@code
 * fixed} and {@code off}.
 *
 * <p>Conventions shared by every decider here:
 *
 * <ul>
 *   <li>A decision at {@code nowNanos} (epoch nanoseconds) reads only one-second buckets of seconds
 *       that ended at or before then: the newest bucket read is {@code EpochNanos.second(nowNanos)
 *       - 1}; the bucket of the second containing {@code nowNanos} is still filling and is never
 *       read. Minute buckets likewise: the newest read is {@code
 *       floorDiv(EpochNanos.second(nowNanos), 60) - 1}. {@link
 *       io.prescale.core.observe.Observation#lastArrivalNanos()} (a time already past) may be read
 *       at any time: it plays the role of Knative's activator poke.
 *   <li>Deciders return the unclamped want; the tick loop clamps to [min, max] once ({@link
 *       io.prescale.core.decide.ScaleDecision#clampedTo}). HPA and KEDA apply their own
 *       minReplicas/maxReplicas inside, as upstream does, so the clamp is then a no-op.
 *   <li>Reasons are short constant phrases (cheap on the simulator's hot path); the numbers behind
 *       each decision are in its signals.
 * </ul>
 */
package io.prescale.autoscaler.baseline;
