/**
 * Window averages of per-second concurrency: {@link io.prescale.autoscaler.window.SecondAverages}
 * is the one owner of Knative's {@code WindowAverage} rule for every decider (the KPA's stable and
 * panic windows, the predictive decider's panic safety net).
 */
package io.prescale.autoscaler.window;
