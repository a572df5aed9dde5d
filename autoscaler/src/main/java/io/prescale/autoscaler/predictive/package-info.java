/**
 * The predictive decider ({@code predictive}, the policy name {@code prescale} in the simulator):
 * per-function forecasts turned into instance targets with a quantile, a reactive panic safety net,
 * hysteresis and an explicit warm-versus-cold cost trade.
 */
package io.prescale.autoscaler.predictive;
