/** The function query API ({@code /api/v1/functions}) and the per-function Prometheus series. */
package io.prescale.collector.api;
