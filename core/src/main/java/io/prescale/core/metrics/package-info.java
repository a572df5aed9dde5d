/**
 * Helpers shared by the modules' Prometheus series: which functions get their own series (the same
 * top-N cap everywhere, the rest under {@code function="__other__"}).
 */
package io.prescale.core.metrics;
