/**
 * Forecast models of one function's arrivals per step (a minute in the predictive decider): EWMA,
 * linear trend, Holt-Winters with additive seasonality, seasonal naive; FFT period detection; the
 * idle-time model of sparse functions; per-function model selection by rolling pinball loss. Models
 * are found by name through {@link ForecastModelProvider}.
 */
package io.prescale.autoscaler.forecast;
