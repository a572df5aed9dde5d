/**
 * The {@code openwhisk} telemetry source: activation records pulled from the OpenWhisk REST API
 * ({@code GET /api/v1/namespaces/{ns}/activations}) and handed to the collector as invocations
 * through the same {@link io.prescale.collector.ingest.TelemetrySink} the OTLP receivers use.
 * {@code OpenWhiskSource} is the public face; docs in the README, "OpenWhisk".
 */
package io.prescale.collector.openwhisk;
