/**
 * Prometheus series about the autoscaler's own decisions, for {@code /metrics} and the Grafana
 * dashboards.
 */
package io.prescale.app.metrics;
